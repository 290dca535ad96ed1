package io.codexquarkus.model.protocol;

import java.time.Duration;
import java.util.Optional;

/**
 * What a model stream yields, whichever wire API it came from. A stream ends with exactly one {@link Completed} or
 * {@link Failed}, then completes; the {@code Multi} itself never fails for model errors.
 */
public sealed interface ResponseEvent {
    /** {@code response.created}. */
    record Created() implements ResponseEvent {}

    /** A finished output item: assistant message, reasoning, function call, custom tool call… */
    record OutputItemDone(ResponseItem item) implements ResponseEvent {}

    record OutputTextDelta(String delta) implements ResponseEvent {}

    record ReasoningSummaryDelta(String delta) implements ResponseEvent {}

    /** Raw chain-of-thought text (shown only with {@code show_raw_agent_reasoning}). */
    record ReasoningContentDelta(String delta) implements ResponseEvent {}

    /** A new reasoning-summary part started (a section break for UIs). */
    record ReasoningSummaryPartAdded() implements ResponseEvent {}

    /** A web search started ({@code response.output_item.added} of a {@code web_search_call}). */
    record WebSearchCallBegin(String callId) implements ResponseEvent {}

    /**
     * The stream broke before it completed and is being retried from the start: the consumer drops what it gathered
     * from this attempt and tells the user.
     *
     * @param message what Codex shows as {@code stream_error}, e.g. {@code stream error: stream disconnected before
     *     completion: idle timeout waiting for SSE; retrying 1/5 in 203ms…}
     * @param attempt the retry about to start, from 1
     * @param maxAttempts the provider's {@code stream_max_retries}
     */
    record StreamRetry(String message, int attempt, int maxAttempts, Duration delay) implements ResponseEvent {}

    /** {@code response.completed} (or the end of a Chat stream). */
    record Completed(String responseId, Optional<TokenUsage> usage) implements ResponseEvent {}

    /** The request failed for good: retries used up, a fatal status, a missing key, a usage limit. */
    record Failed(ModelError error) implements ResponseEvent {}
}
