package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.model.protocol.TokenUsage;

/** The {@code info} of a {@code token_count} event: session totals, the last response, the context window. */
public record TokenUsageInfo(
        @JsonProperty("total_token_usage") TokenUsage totalTokenUsage,
        @JsonProperty("last_token_usage") TokenUsage lastTokenUsage,
        @JsonProperty("model_context_window") Long modelContextWindow) {
    /** Adds {@code last} into the totals and makes it the last usage. */
    public TokenUsageInfo append(TokenUsage last) {
        return new TokenUsageInfo(totalTokenUsage.plus(last), last, modelContextWindow);
    }

    public static TokenUsageInfo first(TokenUsage last, Long modelContextWindow) {
        return new TokenUsageInfo(last, last, modelContextWindow);
    }
}
