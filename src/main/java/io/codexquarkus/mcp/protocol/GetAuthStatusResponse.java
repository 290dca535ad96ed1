package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.auth.AuthStatus;
import io.codexquarkus.config.AuthMethod;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Optional;

/**
 * Result of {@code getAuthStatus} in the 0.25–0.34 shape: {@code {"authMethod"?, "preferredAuthMethod", "authToken"?}}.
 * Logged out is expressed by leaving {@code authMethod} out (there is no {@code "none"} on the wire).
 *
 * @param authMethod the credential in use; absent when not logged in
 * @param preferredAuthMethod {@code preferred_auth_method} of the server's config; always present
 * @param authToken the API key or ChatGPT access token, only when asked for
 */
@RegisterForReflection
public record GetAuthStatusResponse(
        @JsonProperty("authMethod") @JsonInclude(JsonInclude.Include.NON_ABSENT)
        Optional<AuthMethod> authMethod,

        @JsonProperty("preferredAuthMethod") AuthMethod preferredAuthMethod,

        @JsonProperty("authToken") @JsonInclude(JsonInclude.Include.NON_ABSENT)
        Optional<String> authToken) {
    /** The answer to {@code getAuthStatus} for {@code status}. */
    public static GetAuthStatusResponse from(AuthStatus status) {
        return new GetAuthStatusResponse(status.method(), status.preferred(), status.token());
    }

    @Override
    public String toString() {
        return "GetAuthStatusResponse[authMethod=" + authMethod + ", preferredAuthMethod=" + preferredAuthMethod
                + ", authToken=" + (authToken.isPresent() ? "***" : "absent") + "]";
    }
}
