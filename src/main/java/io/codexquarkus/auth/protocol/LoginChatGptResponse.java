package io.codexquarkus.auth.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Result of {@code loginChatGpt}: the client opens {@code authUrl} itself.
 *
 * @param loginId UUID naming this attempt (for {@code cancelLoginChatGpt} and the completion notification)
 * @param authUrl the issuer's authorize URL
 */
public record LoginChatGptResponse(
        @JsonProperty("loginId") String loginId,
        @JsonProperty("authUrl") String authUrl) {}
