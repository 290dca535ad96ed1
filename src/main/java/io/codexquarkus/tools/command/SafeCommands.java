package io.codexquarkus.tools.command;

import io.codexquarkus.tools.git.GitCommands;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Commands that only read, and so may run without asking and without a sandbox ({@code is_known_safe_command}, the
 * later upstream lists): a fixed set of read-only programs, {@code find}, {@code rg}, {@code git}, {@code sed} and
 * {@code base64} without their writing or executing options, and {@code bash|zsh|sh -c|-lc} scripts made only of such
 * commands joined by {@code &&}, {@code ||}, {@code ;} or {@code |}.
 */
public final class SafeCommands {
    private static final Set<String> ALWAYS_SAFE = Set.of(
            "cat", "cd", "cut", "echo", "expr", "false", "grep", "head", "id", "ls", "nl", "paste", "pwd", "rev", "seq",
            "stat", "tail", "tr", "true", "uname", "uniq", "wc", "which", "whoami");

    /** GNU coreutils that upstream allows on Linux only. */
    private static final Set<String> LINUX_SAFE = Set.of("numfmt", "tac");

    private static final Set<String> UNSAFE_FIND_OPTIONS =
            Set.of("-exec", "-execdir", "-ok", "-okdir", "-delete", "-fls", "-fprint", "-fprint0", "-fprintf");

    private static final Set<String> UNSAFE_GIT_FLAGS =
            Set.of("--output", "--ext-diff", "--textconv", "--exec", "--paginate");

    private static final Set<String> READ_ONLY_GIT_BRANCH_FLAGS =
            Set.of("--list", "-l", "--show-current", "-a", "--all", "-r", "--remotes", "-v", "-vv", "--verbose");

    private static final List<String> SAFE_GIT_SUBCOMMANDS = List.of("status", "log", "diff", "show", "branch");

    private static final Pattern SED_PRINT_RANGE = Pattern.compile("(\\d+,)?\\d+p");

    private static final boolean LINUX =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");

    private SafeCommands() {}

    /** True when {@code argv} only reads: a safe command, or a shell script of safe commands only. */
    public static boolean isKnownSafe(List<String> argv) {
        if (isSafeToCallWithExec(argv)) {
            return true;
        }
        Optional<List<List<String>>> commands = ShellScripts.scriptOf(argv).flatMap(PlainShellParser::parse);
        return commands.isPresent()
                && !commands.get().isEmpty()
                && commands.get().stream().allMatch(SafeCommands::isSafeToCallWithExec);
    }

    /** True when the single command {@code argv} (no shell involved) only reads. */
    public static boolean isSafeToCallWithExec(List<String> argv) {
        if (argv.isEmpty()) {
            return false;
        }
        String program = ShellScripts.basename(argv.getFirst());
        List<String> args = argv.subList(1, argv.size());
        if (ALWAYS_SAFE.contains(program) || (LINUX && LINUX_SAFE.contains(program))) {
            return true;
        }
        return switch (program) {
            case "base64" ->
                args.stream()
                        .noneMatch(a -> a.equals("-o")
                                || a.equals("--output")
                                || a.startsWith("--output=")
                                || (a.startsWith("-o") && !a.equals("-o")));
            case "find" -> args.stream().noneMatch(UNSAFE_FIND_OPTIONS::contains);
            case "rg" ->
                args.stream()
                        .noneMatch(a -> a.equals("--search-zip")
                                || a.equals("-z")
                                || a.equals("--pre")
                                || a.startsWith("--pre=")
                                || a.equals("--hostname-bin")
                                || a.startsWith("--hostname-bin="));
            case "git" -> isSafeGit(argv);
            case "sed" ->
                argv.size() <= 4
                        && argv.size() >= 3
                        && argv.get(1).equals("-n")
                        && SED_PRINT_RANGE.matcher(argv.get(2)).matches();
            default -> false;
        };
    }

    private static boolean isSafeGit(List<String> argv) {
        // -c / --config-env can point core.pager and friends at any program
        boolean configOverride = argv.stream()
                .anyMatch(a -> a.equals("-c")
                        || a.equals("--config-env")
                        || (a.startsWith("-c") && a.length() > 2)
                        || a.startsWith("--config-env="));
        if (configOverride) {
            return false;
        }
        Optional<GitCommands.Subcommand> subcommand = GitCommands.findSubcommand(argv, SAFE_GIT_SUBCOMMANDS);
        if (subcommand.isEmpty()) {
            return false;
        }
        List<String> args = argv.subList(subcommand.get().index() + 1, argv.size());
        boolean readOnlyArgs = args.stream()
                .noneMatch(a -> UNSAFE_GIT_FLAGS.contains(a) || a.startsWith("--output=") || a.startsWith("--exec="));
        if (!readOnlyArgs) {
            return false;
        }
        return !subcommand.get().name().equals("branch") || isReadOnlyBranch(args);
    }

    /** {@code git branch} lists branches with no arguments or only listing flags; anything else may change them. */
    private static boolean isReadOnlyBranch(List<String> args) {
        if (args.isEmpty()) {
            return true;
        }
        return args.stream().allMatch(a -> READ_ONLY_GIT_BRANCH_FLAGS.contains(a) || a.startsWith("--format="));
    }
}
