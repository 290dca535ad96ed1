package io.codexquarkus.tools.applypatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises a shell script that is exactly one apply_patch call fed by a heredoc: {@code apply_patch <<'EOF'} … {@code
 * EOF}, optionally preceded by {@code cd <one path> &&} ({@code applypatch} too; any delimiter, bare or quoted; {@code
 * <<-} strips leading tabs as bash does). Anything else in the script — other commands, {@code ;}, {@code ||}, pipes,
 * arguments to apply_patch, a second {@code cd}, text after the closing delimiter — means it is not such a call.
 * Upstream matches the same two forms on a bash parse tree; this is a strict hand-written recogniser for them.
 */
public final class HeredocScript {
    private HeredocScript() {}

    /**
     * The heredoc body and the {@code cd} target of a matching script.
     *
     * @param patch the heredoc body with trailing newlines removed
     * @param workdir the {@code cd} argument (quotes removed), relative to the caller's cwd unless absolute
     */
    public record ApplyPatchCall(String patch, Optional<String> workdir) {}

    public static Optional<ApplyPatchCall> parse(String script) {
        return new Scanner(script).call();
    }

    private static final class Scanner {
        private final String s;
        private int i;

        Scanner(String s) {
            this.s = s;
        }

        Optional<ApplyPatchCall> call() {
            skipWhitespace();
            Optional<String> workdir = Optional.empty();
            if (s.startsWith("cd", i) && isBlank(i + 2)) {
                i += 2;
                skipBlanks();
                String path = cdArgument();
                if (path == null) {
                    return Optional.empty();
                }
                skipBlanks();
                if (!s.startsWith("&&", i)) {
                    return Optional.empty();
                }
                i += 2;
                skipBlanks();
                workdir = Optional.of(path);
            }
            if (s.startsWith("apply_patch", i)) {
                i += "apply_patch".length();
            } else if (s.startsWith("applypatch", i)) {
                i += "applypatch".length();
            } else {
                return Optional.empty();
            }
            skipBlanks();
            if (!s.startsWith("<<", i) || s.startsWith("<<<", i)) {
                return Optional.empty();
            }
            i += 2;
            boolean stripTabs = i < s.length() && s.charAt(i) == '-';
            if (stripTabs) {
                i++;
            }
            skipBlanks();
            String delimiter = delimiter();
            if (delimiter == null) {
                return Optional.empty();
            }
            skipBlanks();
            if (i >= s.length() || s.charAt(i) != '\n') {
                return Optional.empty();
            }
            i++;
            List<String> body = new ArrayList<>();
            while (i <= s.length()) {
                int newline = s.indexOf('\n', i);
                int end = newline < 0 ? s.length() : newline;
                String line = s.substring(i, end);
                if (stripTabs) {
                    line = line.replaceFirst("^\t+", "");
                }
                i = end + 1;
                if (line.equals(delimiter)) {
                    return restIsWhitespace(end)
                            ? Optional.of(new ApplyPatchCall(trimTrailingNewlines(String.join("\n", body)), workdir))
                            : Optional.empty();
                }
                body.add(line);
                if (newline < 0) {
                    break;
                }
            }
            // no closing delimiter
            return Optional.empty();
        }

        /** One argument of {@code cd}: a bare word or a single whole quoted string, not a concatenation. */
        private String cdArgument() {
            String value;
            if (i < s.length() && s.charAt(i) == '\'') {
                int close = s.indexOf('\'', i + 1);
                if (close < 0) {
                    return null;
                }
                value = s.substring(i + 1, close);
                i = close + 1;
            } else if (i < s.length() && s.charAt(i) == '"') {
                int close = s.indexOf('"', i + 1);
                if (close < 0) {
                    return null;
                }
                value = s.substring(i + 1, close);
                if (value.chars().anyMatch(c -> c == '$' || c == '`' || c == '\\')) {
                    return null;
                }
                i = close + 1;
            } else {
                int start = i;
                while (i < s.length() && isBareWordChar(s.charAt(i))) {
                    i++;
                }
                value = s.substring(start, i);
            }
            if (value.isEmpty() || !(i >= s.length() || isBlank(i) || s.charAt(i) == '&')) {
                return null;
            }
            return value;
        }

        private String delimiter() {
            if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"')) {
                char quote = s.charAt(i);
                int close = s.indexOf(quote, i + 1);
                if (close < 0) {
                    return null;
                }
                String value = s.substring(i + 1, close);
                i = close + 1;
                return isDelimiterWord(value) ? value : null;
            }
            int start = i;
            while (i < s.length() && isDelimiterChar(s.charAt(i))) {
                i++;
            }
            return i > start ? s.substring(start, i) : null;
        }

        private boolean restIsWhitespace(int from) {
            for (int k = from; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c != ' ' && c != '\t' && c != '\n') {
                    return false;
                }
            }
            return true;
        }

        private void skipWhitespace() {
            while (i < s.length() && (isBlank(i) || s.charAt(i) == '\n')) {
                i++;
            }
        }

        private void skipBlanks() {
            while (i < s.length() && isBlank(i)) {
                i++;
            }
        }

        private boolean isBlank(int at) {
            return at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t');
        }
    }

    private static boolean isDelimiterWord(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> isDelimiterChar((char) c));
    }

    private static boolean isDelimiterChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    /** Characters a bare {@code cd} argument may hold: no quoting, expansion, globbing or operators. */
    private static boolean isBareWordChar(char c) {
        if (c <= ' ' || c == 0x7F) {
            return false;
        }
        return "'\"\\$`;&|<>(){}[]*?!#".indexOf(c) < 0;
    }

    private static String trimTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }
}
