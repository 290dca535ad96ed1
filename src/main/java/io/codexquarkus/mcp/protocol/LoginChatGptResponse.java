package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.auth.ChatGptLogin;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Result of {@code loginChatGpt}: the client opens {@code authUrl} itself.
 *
 * @param loginId UUID naming this attempt (for {@code cancelLoginChatGpt} and the completion notification)
 * @param authUrl the issuer's authorize URL
 */
@RegisterForReflection
public record LoginChatGptResponse(
        @JsonProperty("loginId") String loginId,
        @JsonProperty("authUrl") String authUrl) {
    /** The answer to {@code loginChatGpt} once {@code login} started. */
    public static LoginChatGptResponse from(ChatGptLogin login) {
        return new LoginChatGptResponse(login.loginId(), login.authUrl());
    }
}
