package io.codexquarkus.tools.git;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds git's subcommand behind its global options ({@code git -C dir --no-pager status}). */
public final class GitCommands {
    private static final Set<String> GLOBAL_OPTIONS_WITH_VALUE = Set.of(
            "-C", "-c", "--config-env", "--exec-path", "--git-dir", "--namespace", "--super-prefix", "--work-tree");

    private static final List<String> INLINE_VALUE_PREFIXES =
            List.of("--config-env=", "--exec-path=", "--git-dir=", "--namespace=", "--super-prefix=", "--work-tree=");

    private GitCommands() {}

    /** The subcommand and its index in argv. */
    public record Subcommand(int index, String name) {}

    /**
     * The first non-option argument of a {@code git} command if it is one of {@code wanted}; empty when it is another
     * subcommand (a later positional argument is never taken for the subcommand) or argv is not git.
     */
    public static Optional<Subcommand> findSubcommand(List<String> argv, List<String> wanted) {
        if (argv.isEmpty() || !isGit(argv.getFirst())) {
            return Optional.empty();
        }
        boolean skipNext = false;
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (skipNext) {
                skipNext = false;
                continue;
            }
            if (INLINE_VALUE_PREFIXES.stream().anyMatch(arg::startsWith)
                    || ((arg.startsWith("-C") || arg.startsWith("-c")) && arg.length() > 2)) {
                continue;
            }
            if (GLOBAL_OPTIONS_WITH_VALUE.contains(arg)) {
                skipNext = true;
                continue;
            }
            if (arg.startsWith("-")) {
                continue;
            }
            return wanted.contains(arg) ? Optional.of(new Subcommand(i, arg)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether the program is git, by name or by path ({@code /usr/bin/git}). */
    private static boolean isGit(String program) {
        return program.equals("git") || program.endsWith("/git");
    }
}
