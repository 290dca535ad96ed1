package io.codexquarkus.auth;

import io.codexquarkus.config.AuthMethod;
import java.util.Optional;

/**
 * Which credential is in use and which one the configuration prefers.
 *
 * @param method the credential in use; empty when not logged in
 * @param preferred {@code preferred_auth_method} of the configuration
 * @param token the API key or ChatGPT access token, only when asked for
 */
public record AuthStatus(Optional<AuthMethod> method, AuthMethod preferred, Optional<String> token) {
    @Override
    public String toString() {
        return "AuthStatus[method=" + method + ", preferred=" + preferred + ", token="
                + (token.isPresent() ? "***" : "absent") + "]";
    }
}
