package io.codexquarkus.auth.store;

import java.util.Optional;

/**
 * The {@code tokens} member of auth.json: what a ChatGPT login stores.
 *
 * @param idToken the raw id token (a JWT), kept verbatim so the file round-trips
 * @param claims what {@link #idToken} says, parsed once
 * @param accessToken bearer token for model requests (a JWT, treated as opaque)
 * @param refreshToken opaque token for {@code grant_type=refresh_token}
 * @param accountId the {@code chatgpt_account_id} claim at login time, sent as {@code chatgpt-account-id}
 */
public record TokenData(
        String idToken, IdTokenClaims claims, String accessToken, String refreshToken, Optional<String> accountId) {
    /**
     * Builds token data from the raw tokens.
     *
     * @throws IdTokenClaims.InvalidJwtException when {@code idToken} is not a JWT
     */
    public static TokenData of(String idToken, String accessToken, String refreshToken, Optional<String> accountId) {
        return new TokenData(idToken, IdTokenClaims.parse(idToken), accessToken, refreshToken, accountId);
    }

    /** Tokens fresh from the issuer: the account id comes from the id token's claim. */
    public static TokenData fromIssuer(String idToken, String accessToken, String refreshToken) {
        IdTokenClaims claims = IdTokenClaims.parse(idToken);
        return new TokenData(idToken, claims, accessToken, refreshToken, claims.accountId());
    }

    @Override
    public String toString() {
        // never print secrets, not even in a debug log
        return "TokenData[accountId=" + accountId.orElse("none") + ", email="
                + claims.email().orElse("none") + "]";
    }
}
