package io.codexquarkus.tools.command;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Recognises {@code bash|zsh|sh -c|-lc "<script>"} command lines (any directory prefix on the shell). */
public final class ShellScripts {
    private static final Set<String> SHELLS = Set.of("bash", "zsh", "sh");
    private static final Set<String> FLAGS = Set.of("-c", "-lc");

    private ShellScripts() {}

    /** The script of a three-element {@code [shell, -c|-lc, script]} argv, or empty for anything else. */
    public static Optional<String> scriptOf(List<String> argv) {
        if (argv.size() != 3 || !SHELLS.contains(basename(argv.getFirst())) || !FLAGS.contains(argv.get(1))) {
            return Optional.empty();
        }
        return Optional.of(argv.get(2));
    }

    /** The last path component ({@code /usr/bin/git} → {@code git}). */
    public static String basename(String program) {
        int slash = program.lastIndexOf('/');
        return slash < 0 ? program : program.substring(slash + 1);
    }
}
