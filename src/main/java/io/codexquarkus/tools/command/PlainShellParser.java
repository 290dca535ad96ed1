package io.codexquarkus.tools.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a shell script that consists only of plain commands, and refuses everything else. Accepted: words of ordinary
 * characters, single-quoted strings, double-quoted strings without expansions or escapes, adjacent pieces of those
 * (one word), and the operators {@code &&}, {@code ||}, {@code ;}, {@code |} and newlines between commands. Refused
 * (the script is not plain): variables and every other expansion, globs and braces, redirections, subshells and
 * groups, background {@code &}, comments, backslashes, assignments, reserved words, heredocs, unbalanced quotes and
 * empty commands. Refusing too much is safe for its callers; accepting too much is not.
 */
public final class PlainShellParser {
    /** Characters that end or refuse an unquoted word; whitespace and operators are handled separately. */
    private static final String SPECIAL = "$`\\()<>{}[]*?!#";

    private static final Set<String> RESERVED = Set.of(
            "if",
            "then",
            "else",
            "elif",
            "fi",
            "case",
            "esac",
            "for",
            "select",
            "while",
            "until",
            "do",
            "done",
            "in",
            "function",
            "time",
            "coproc",
            "[[",
            "]]",
            "{",
            "}",
            "!");

    private static final Pattern ASSIGNMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*\\+?=.*", Pattern.DOTALL);

    private PlainShellParser() {}

    /** A plain command and the operator that follows it ({@code ""} after the last one). */
    public record PlainCommand(List<String> argv, String followedBy) {
        public PlainCommand {
            argv = List.copyOf(argv);
        }
    }

    /** The argv of each command of a plain script, in order; empty when the script is not plain. */
    public static Optional<List<List<String>>> parse(String script) {
        return parseWithOperators(script)
                .map(commands -> commands.stream().map(PlainCommand::argv).toList());
    }

    /** As {@link #parse(String)}, keeping the operator after each command (to tell pipelines from sequences). */
    public static Optional<List<PlainCommand>> parseWithOperators(String script) {
        List<PlainCommand> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        String pendingBinary = null;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c == '\n' || c == ';') {
                if (c == ';' && i + 1 < n && script.charAt(i + 1) == ';') {
                    return Optional.empty();
                }
                if (words.isEmpty()) {
                    // blank lines, and a newline right after && || |, are fine; an empty command before ; is not
                    if (c == ';') {
                        return Optional.empty();
                    }
                } else {
                    commands.add(new PlainCommand(words, String.valueOf(c)));
                    words = new ArrayList<>();
                    pendingBinary = null;
                }
                i++;
                continue;
            }
            if (c == '&' || c == '|') {
                String op;
                if (c == '&') {
                    if (i + 1 >= n || script.charAt(i + 1) != '&') {
                        return Optional.empty();
                    }
                    op = "&&";
                } else if (i + 1 < n && script.charAt(i + 1) == '|') {
                    op = "||";
                } else if (i + 1 < n && script.charAt(i + 1) == '&') {
                    return Optional.empty();
                } else {
                    op = "|";
                }
                if (words.isEmpty()) {
                    return Optional.empty();
                }
                commands.add(new PlainCommand(words, op));
                words = new ArrayList<>();
                pendingBinary = op;
                i += op.length();
                continue;
            }
            // a word: unquoted characters and quoted strings, adjacent
            StringBuilder word = new StringBuilder();
            int start = i;
            boolean quoted = false;
            while (i < n) {
                char d = script.charAt(i);
                if (d == ' ' || d == '\t' || d == '\n' || d == ';' || d == '&' || d == '|') {
                    break;
                }
                if (d == '\'') {
                    int close = script.indexOf('\'', i + 1);
                    if (close < 0) {
                        return Optional.empty();
                    }
                    word.append(script, i + 1, close);
                    quoted = true;
                    i = close + 1;
                } else if (d == '"') {
                    int close = script.indexOf('"', i + 1);
                    if (close < 0) {
                        return Optional.empty();
                    }
                    String content = script.substring(i + 1, close);
                    if (content.chars().anyMatch(x -> x == '$' || x == '`' || x == '\\')) {
                        return Optional.empty();
                    }
                    word.append(content);
                    quoted = true;
                    i = close + 1;
                } else if (SPECIAL.indexOf(d) >= 0 || d < ' ' || d == 0x7F) {
                    return Optional.empty();
                } else {
                    word.append(d);
                    i++;
                }
            }
            String raw = script.substring(start, i);
            if (words.isEmpty()) {
                if (ASSIGNMENT.matcher(raw).matches() || (!quoted && RESERVED.contains(raw))) {
                    return Optional.empty();
                }
            }
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(new PlainCommand(words, ""));
        } else if (pendingBinary != null) {
            // the script ends right after && || |
            return Optional.empty();
        }
        return Optional.of(commands);
    }
}
