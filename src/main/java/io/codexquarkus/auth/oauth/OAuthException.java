package io.codexquarkus.auth.oauth;

/** A token endpoint request failed; the message is one line for the user. */
public class OAuthException extends Exception {
    private static final long serialVersionUID = 1L;

    public OAuthException(String message) {
        super(message);
    }

    public OAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
