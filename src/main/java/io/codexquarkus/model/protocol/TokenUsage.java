package io.codexquarkus.model.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token counts of one response, or of a whole session when summed. */
public record TokenUsage(
        @JsonProperty("input_tokens") long inputTokens,
        @JsonProperty("cached_input_tokens") long cachedInputTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("reasoning_output_tokens") long reasoningOutputTokens,
        @JsonProperty("total_tokens") long totalTokens) {
    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0, 0);

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(
                inputTokens + other.inputTokens,
                cachedInputTokens + other.cachedInputTokens,
                outputTokens + other.outputTokens,
                reasoningOutputTokens + other.reasoningOutputTokens,
                totalTokens + other.totalTokens);
    }

    /** Input not served from the prompt cache plus output: what {@code tokens used} shows. */
    public long blendedTotal() {
        return Math.max(0, inputTokens - cachedInputTokens) + outputTokens;
    }
}
