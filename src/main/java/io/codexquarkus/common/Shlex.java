package io.codexquarkus.common;

import java.util.List;

/**
 * POSIX shell quoting of argv elements as Codex shows commands to people ({@code shlex::try_join}, shlex 1.3): a word
 * is split into runs that each take the best strategy that fits the whole run (bare, then single quotes, then double
 * quotes with backslash escapes), so {@code foo bar} becomes {@code 'foo bar'} and a word holding a single quote is
 * double-quoted.
 */
public final class Shlex {
    private static final int BARE = 1;
    private static final int SINGLE = 2;
    private static final int DOUBLE = 4;

    private Shlex() {}

    public static String join(List<String> argv) {
        StringBuilder out = new StringBuilder();
        for (String word : argv) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(quote(word));
        }
        return out.toString();
    }

    public static String quote(String word) {
        if (word.isEmpty()) {
            return "''";
        }
        StringBuilder out = new StringBuilder(word.length() + 2);
        int start = 0;
        while (start < word.length()) {
            int allowed = BARE | SINGLE | DOUBLE;
            int end = start;
            if (word.charAt(start) == '^') {
                // a leading caret is only safe right after an opening single quote (bash history expansion)
                allowed = SINGLE;
                end++;
            }
            while (end < word.length()) {
                int next = allowed & allowedFor(word.charAt(end));
                if (next == 0) {
                    break;
                }
                allowed = next;
                end++;
            }
            String run = word.substring(start, end);
            if (start == 0 && end == word.length() && (allowed & BARE) != 0) {
                return word;
            }
            if ((allowed & BARE) != 0) {
                out.append(run);
            } else if ((allowed & SINGLE) != 0) {
                out.append('\'').append(run).append('\'');
            } else {
                out.append('"');
                for (int i = 0; i < run.length(); i++) {
                    char c = run.charAt(i);
                    if (c == '$' || c == '`' || c == '"' || c == '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                }
                out.append('"');
            }
            start = end;
        }
        return out.toString();
    }

    private static int allowedFor(char c) {
        int allowed = BARE | SINGLE | DOUBLE;
        if (c >= 0x80 || !bareOk(c)) {
            allowed &= ~BARE;
        }
        if (c == '\'' || c == '^' || c == '\\') {
            allowed &= ~SINGLE;
        }
        if (c == '`' || c == '$' || c == '!' || c == '^') {
            allowed &= ~DOUBLE;
        }
        return allowed;
    }

    private static boolean bareOk(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '-'
                || c == '.'
                || c == '/'
                || c == ':'
                || c == '@'
                || c == ']'
                || c == '_';
    }
}
