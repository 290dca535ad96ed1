package io.codexquarkus.auth.oauth;

/**
 * What the code exchange returns.
 *
 * @param idToken JWT with the user's claims
 * @param accessToken bearer token
 * @param refreshToken for later refreshes
 */
public record IssuedTokens(String idToken, String accessToken, String refreshToken) {
    @Override
    public String toString() {
        return "IssuedTokens[...]";
    }
}
