package io.codexquarkus.tools.applypatch;

import java.util.ArrayList;
import java.util.List;

/**
 * String operations with the exact semantics of the Rust standard library that upstream's parser relies on: {@code
 * trim} uses the Unicode White_Space property (which differs from {@link Character#isWhitespace}: no-break spaces count,
 * the information separators U+001C–U+001F do not), and {@code lines} splits on {@code \n} and drops one {@code \r}
 * before it.
 */
public final class RustText {
    private RustText() {}

    /** Unicode White_Space, as Rust's {@code char::is_whitespace}. Every such code point is in the BMP. */
    public static boolean isWhitespace(char c) {
        return c == ' '
                || (c >= '\t' && c <= '\r')
                || c == '\u0085'
                || c == '\u00A0'
                || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A')
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u202F'
                || c == '\u205F'
                || c == '\u3000';
    }

    public static String trim(String s) {
        return trimEnd(trimStart(s));
    }

    public static String trimStart(String s) {
        int start = 0;
        while (start < s.length() && isWhitespace(s.charAt(start))) {
            start++;
        }
        return s.substring(start);
    }

    public static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    public static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rust's {@code str::lines}: lines end at {@code \n} or {@code \r\n}; the final line ending is optional, so a text
     * ending in a newline has no empty last line, and the empty text has no lines at all.
     */
    public static List<String> lines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int newline = s.indexOf('\n', start);
            if (newline < 0) {
                lines.add(s.substring(start));
                break;
            }
            int end = newline > start && s.charAt(newline - 1) == '\r' ? newline - 1 : newline;
            lines.add(s.substring(start, end));
            start = newline + 1;
        }
        return lines;
    }

    /** Splits on every {@code \n}, keeping empty pieces (Rust's {@code split('\n')}). */
    public static List<String> splitNewlines(String s) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (true) {
            int newline = s.indexOf('\n', start);
            if (newline < 0) {
                pieces.add(s.substring(start));
                return pieces;
            }
            pieces.add(s.substring(start, newline));
            start = newline + 1;
        }
    }
}
