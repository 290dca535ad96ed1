package io.codexquarkus.auth.oauth;

/** The issuer answered a refresh with 401: the refresh token is dead and only a new login helps. */
public final class RefreshRefusedException extends OAuthException {
    private static final long serialVersionUID = 1L;

    public RefreshRefusedException(String message) {
        super(message);
    }
}
