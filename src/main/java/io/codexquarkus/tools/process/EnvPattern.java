package io.codexquarkus.tools.process;

import java.util.Locale;

/**
 * A {@code shell_environment_policy} name pattern: {@code *} matches any run of characters, {@code ?} exactly one,
 * everything else itself; case-insensitive.
 */
record EnvPattern(String pattern) {
    private static final char ANY = '*';
    private static final char ONE = '?';

    EnvPattern {
        pattern = pattern.toUpperCase(Locale.ROOT);
    }

    boolean matches(String name) {
        String text = name.toUpperCase(Locale.ROOT);
        int p = 0;
        int t = 0;
        int starAt = -1;
        int resumeAt = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == ONE || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == ANY) {
                starAt = p++;
                resumeAt = t;
            } else if (starAt >= 0) {
                p = starAt + 1;
                t = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == ANY) {
            p++;
        }
        return p == pattern.length();
    }
}
