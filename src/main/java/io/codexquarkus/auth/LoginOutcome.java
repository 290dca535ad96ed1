package io.codexquarkus.auth;

import java.util.Optional;

/**
 * How a ChatGPT login attempt ended.
 *
 * @param loginId the attempt
 * @param error why it failed; empty on success
 */
public record LoginOutcome(String loginId, Optional<String> error) {
    public static LoginOutcome succeeded(String loginId) {
        return new LoginOutcome(loginId, Optional.empty());
    }

    public static LoginOutcome failed(String loginId, String error) {
        return new LoginOutcome(loginId, Optional.of(error));
    }

    public boolean success() {
        return error.isEmpty();
    }
}
