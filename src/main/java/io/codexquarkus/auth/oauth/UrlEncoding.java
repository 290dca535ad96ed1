package io.codexquarkus.auth.oauth;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as Codex does it for the authorize URL and token requests: everything but {@code A-Z a-z 0-9 - _ .
 * ~} is encoded, a space becomes {@code %20}.
 */
public final class UrlEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEncoding() {}

    public static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** {@code k1=v1&k2=v2}, values encoded, in the order given ({@code keyValues} alternates keys and values). */
    public static String form(String... keyValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (i > 0) {
                out.append('&');
            }
            out.append(keyValues[i]).append('=').append(encode(keyValues[i + 1]));
        }
        return out.toString();
    }
}
