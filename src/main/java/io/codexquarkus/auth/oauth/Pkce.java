package io.codexquarkus.auth.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * RFC 7636 proof key: a verifier of 64 random bytes (86 base64url characters) and its S256 challenge.
 *
 * @param codeVerifier sent with the code exchange
 * @param codeChallenge sent in the authorize URL
 */
public record Pkce(String codeVerifier, String codeChallenge) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static Pkce generate() {
        return fromVerifier(randomToken(64));
    }

    public static Pkce fromVerifier(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return new Pkce(verifier, B64.encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** {@code bytes} random bytes, base64url without padding (the OAuth state uses 32). */
    public static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return B64.encodeToString(random);
    }

    @Override
    public String toString() {
        return "Pkce[challenge=" + codeChallenge + "]";
    }
}
