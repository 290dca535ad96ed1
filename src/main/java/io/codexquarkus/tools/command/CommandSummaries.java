package io.codexquarkus.tools.command;

import io.codexquarkus.common.Shlex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Best-effort summaries of a shell call for display ({@code parsed_cmd}): file reads ({@code cat f}, {@code head -n 5
 * f}, {@code sed -n 1,5p f}, {@code nl f}), listings ({@code ls}, {@code tree}, {@code rg --files}, {@code find}
 * without a name filter) and searches ({@code rg}, {@code grep}, {@code fd}, {@code find -name}). Scripts of plain
 * commands are summarised command by command, leaving out a leading {@code cd}/{@code echo}, {@code || true} and
 * formatting filters at the end of pipelines. Anything else is {@code unknown} with the shell-quoted command.
 */
public final class CommandSummaries {
    private static final Pattern SED_PRINT_RANGE = Pattern.compile("(\\d+,)?\\d+p");

    private static final Set<String> HEAD_TAIL_VALUE_OPTIONS = Set.of("-n", "-c", "--lines", "--bytes");
    private static final Set<String> NL_VALUE_OPTIONS =
            Set.of("-b", "-d", "-f", "-h", "-i", "-l", "-n", "-s", "-v", "-w");
    private static final Set<String> LS_VALUE_OPTIONS =
            Set.of("-I", "-w", "-T", "--block-size", "--format", "--time-style", "--color", "--quoting-style");
    private static final Set<String> TREE_VALUE_OPTIONS = Set.of("-L", "-P", "-I", "--filelimit", "-o");
    private static final Set<String> RG_VALUE_OPTIONS = Set.of(
            "-g",
            "--glob",
            "--iglob",
            "-t",
            "--type",
            "-T",
            "--type-not",
            "-A",
            "--after-context",
            "-B",
            "--before-context",
            "-C",
            "--context",
            "-m",
            "--max-count",
            "-j",
            "--threads",
            "-M",
            "--max-columns",
            "-f",
            "--file",
            "--type-add",
            "-E",
            "--encoding",
            "-d",
            "--max-depth",
            "--sort",
            "--sortr",
            "--color",
            "--colors",
            "-r",
            "--replace",
            "-e",
            "--regexp");
    private static final Set<String> GREP_VALUE_OPTIONS =
            Set.of("-f", "--file", "-A", "-B", "-C", "-m", "--max-count", "-d", "-D", "--label", "-e", "--regexp");
    private static final Set<String> FD_VALUE_OPTIONS = Set.of(
            "-t",
            "--type",
            "-e",
            "--extension",
            "-E",
            "--exclude",
            "-d",
            "--max-depth",
            "--min-depth",
            "-x",
            "--exec",
            "-X",
            "--exec-batch",
            "-j",
            "--threads",
            "-c",
            "--color",
            "--search-path");
    private static final Set<String> FIND_NAME_TESTS = Set.of("-name", "-iname", "-path", "-ipath", "-regex");

    /** Filters that only reshape another command's output in a pipeline. */
    private static final Set<String> FORMATTERS = Set.of("wc", "tr", "cut", "sort", "uniq", "column", "awk", "rev");

    private CommandSummaries() {}

    public static List<ParsedCommand> summarise(List<String> argv) {
        Optional<String> script = ShellScripts.scriptOf(argv);
        if (script.isEmpty()) {
            return List.of(summariseOne(argv));
        }
        Optional<List<PlainShellParser.PlainCommand>> commands = PlainShellParser.parseWithOperators(script.get());
        if (commands.isEmpty() || commands.get().isEmpty()) {
            return List.of(new ParsedCommand.Unknown(script.get()));
        }
        List<PlainShellParser.PlainCommand> plain = commands.get();
        List<ParsedCommand> out = new ArrayList<>();
        for (int k = 0; k < plain.size(); k++) {
            List<String> command = plain.get(k).argv();
            boolean hasNext = k + 1 < plain.size();
            boolean piped = k > 0 && plain.get(k - 1).followedBy().equals("|");
            String program = ShellScripts.basename(command.getFirst());
            boolean dropped = (hasNext && (program.equals("cd") || (program.equals("echo") && out.isEmpty())))
                    || (k > 0 && command.equals(List.of("true")))
                    || (piped && isFormatter(command));
            if (dropped) {
                continue;
            }
            ParsedCommand summary = summariseOne(command);
            if (out.isEmpty() || !out.getLast().equals(summary)) {
                out.add(summary);
            }
        }
        return out.isEmpty() ? List.of(new ParsedCommand.Unknown(script.get())) : List.copyOf(out);
    }

    private static boolean isFormatter(List<String> command) {
        String program = ShellScripts.basename(command.getFirst());
        if (FORMATTERS.contains(program)) {
            return true;
        }
        return switch (program) {
            case "head", "tail" -> operands(command, HEAD_TAIL_VALUE_OPTIONS).isEmpty();
            case "nl" -> operands(command, NL_VALUE_OPTIONS).isEmpty();
            case "sed" -> command.size() == 3 && isSedPrint(command);
            case "grep" -> operands(command, GREP_VALUE_OPTIONS).size() <= 1;
            default -> false;
        };
    }

    /** The summary of one command without a shell. */
    public static ParsedCommand summariseOne(List<String> argv) {
        if (argv.isEmpty()) {
            return new ParsedCommand.Unknown("");
        }
        String cmd = Shlex.join(argv);
        String program = ShellScripts.basename(argv.getFirst());
        return switch (program) {
            case "cat" -> readOf(cmd, operands(argv, Set.of()));
            case "head", "tail" -> readOf(cmd, operands(argv, HEAD_TAIL_VALUE_OPTIONS));
            case "nl" -> readOf(cmd, operands(argv, NL_VALUE_OPTIONS));
            case "sed" ->
                argv.size() == 4 && isSedPrint(argv) ? read(cmd, argv.get(3)) : new ParsedCommand.Unknown(cmd);
            case "ls" -> new ParsedCommand.ListFiles(cmd, first(operands(argv, LS_VALUE_OPTIONS)));
            case "tree" -> new ParsedCommand.ListFiles(cmd, first(operands(argv, TREE_VALUE_OPTIONS)));
            case "rg" -> ripgrep(cmd, argv);
            case "grep", "egrep", "fgrep" -> search(cmd, argv, GREP_VALUE_OPTIONS, true);
            case "fd" -> search(cmd, argv, FD_VALUE_OPTIONS, false);
            case "find" -> find(cmd, argv);
            default -> new ParsedCommand.Unknown(cmd);
        };
    }

    private static ParsedCommand readOf(String cmd, List<String> operands) {
        return operands.size() == 1 ? read(cmd, operands.getFirst()) : new ParsedCommand.Unknown(cmd);
    }

    private static ParsedCommand read(String cmd, String path) {
        return new ParsedCommand.Read(cmd, ShellScripts.basename(path), path);
    }

    private static ParsedCommand ripgrep(String cmd, List<String> argv) {
        List<String> operands = operands(argv, RG_VALUE_OPTIONS);
        if (argv.contains("--files")) {
            return new ParsedCommand.ListFiles(cmd, first(operands));
        }
        return search(cmd, argv, RG_VALUE_OPTIONS, true);
    }

    /** {@code <tool> [options] QUERY [PATH]}, or (grep, rg) {@code -e QUERY [PATH]}. */
    private static ParsedCommand search(
            String cmd, List<String> argv, Set<String> valueOptions, boolean patternOption) {
        List<String> operands = operands(argv, valueOptions);
        Optional<String> pattern =
                patternOption ? optionValue(argv, "-e").or(() -> optionValue(argv, "--regexp")) : Optional.empty();
        if (pattern.isPresent()) {
            return new ParsedCommand.Search(cmd, pattern, first(operands));
        }
        return new ParsedCommand.Search(
                cmd, first(operands), operands.size() > 1 ? Optional.of(operands.get(1)) : Optional.empty());
    }

    private static ParsedCommand find(String cmd, List<String> argv) {
        Optional<String> path = argv.size() > 1
                        && !argv.get(1).startsWith("-")
                        && !argv.get(1).equals("(")
                        && !argv.get(1).equals("!")
                ? Optional.of(argv.get(1))
                : Optional.empty();
        Optional<String> query = Optional.empty();
        for (int i = 1; i + 1 < argv.size() && query.isEmpty(); i++) {
            if (FIND_NAME_TESTS.contains(argv.get(i))) {
                query = Optional.of(argv.get(i + 1));
            }
        }
        return query.isPresent() ? new ParsedCommand.Search(cmd, query, path) : new ParsedCommand.ListFiles(cmd, path);
    }

    private static boolean isSedPrint(List<String> argv) {
        return argv.get(1).equals("-n") && SED_PRINT_RANGE.matcher(argv.get(2)).matches();
    }

    /** Arguments that are not options nor values of {@code valueOptions}; everything after {@code --} counts. */
    private static List<String> operands(List<String> argv, Set<String> valueOptions) {
        List<String> operands = new ArrayList<>();
        boolean onlyOperands = false;
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (onlyOperands || arg.equals("-") || !arg.startsWith("-")) {
                operands.add(arg);
            } else if (arg.equals("--")) {
                onlyOperands = true;
            } else if (valueOptions.contains(arg)) {
                i++;
            }
        }
        return operands;
    }

    private static Optional<String> optionValue(List<String> argv, String option) {
        int at = argv.indexOf(option);
        return at > 0 && at + 1 < argv.size() ? Optional.of(argv.get(at + 1)) : Optional.empty();
    }

    private static Optional<String> first(List<String> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
