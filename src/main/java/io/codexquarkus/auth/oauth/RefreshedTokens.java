package io.codexquarkus.auth.oauth;

import java.util.Optional;

/**
 * What a refresh returns; each token is optional and replaces the stored one only when present.
 *
 * @param idToken new id token
 * @param accessToken new access token
 * @param refreshToken new (rotated) refresh token
 */
public record RefreshedTokens(Optional<String> idToken, Optional<String> accessToken, Optional<String> refreshToken) {
    @Override
    public String toString() {
        return "RefreshedTokens[idToken=" + idToken.isPresent() + ", accessToken=" + accessToken.isPresent()
                + ", refreshToken=" + refreshToken.isPresent() + "]";
    }
}
