package io.codexquarkus.tools.command;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Commands that destroy work and therefore always need the user's approval unless approved for the session
 * ({@code command_might_be_dangerous}): {@code git reset|rm|--force …}, {@code rm -f|-rf|… …}, {@code sudo} in front of
 * either, and any of these inside a plain {@code bash|zsh|sh -c|-lc} script.
 */
public final class DangerousCommands {
    private static final Set<String> DANGEROUS_GIT = Set.of("reset", "rm", "--force");
    private static final Set<String> FORCED_RM = Set.of("-f", "-rf", "-Rf", "-fr", "-fR", "--force");

    private DangerousCommands() {}

    public static boolean mightBeDangerous(List<String> argv) {
        if (isDangerousToCallWithExec(argv)) {
            return true;
        }
        Optional<List<List<String>>> commands = ShellScripts.scriptOf(argv).flatMap(PlainShellParser::parse);
        return commands.isPresent() && commands.get().stream().anyMatch(DangerousCommands::isDangerousToCallWithExec);
    }

    private static boolean isDangerousToCallWithExec(List<String> argv) {
        if (argv.isEmpty()) {
            return false;
        }
        String program = argv.getFirst();
        String first = argv.size() > 1 ? argv.get(1) : "";
        if (program.endsWith("git")) {
            return DANGEROUS_GIT.contains(first);
        }
        return switch (program) {
            case "rm" -> FORCED_RM.contains(first);
            case "sudo" -> isDangerousToCallWithExec(argv.subList(1, argv.size()));
            default -> false;
        };
    }
}
