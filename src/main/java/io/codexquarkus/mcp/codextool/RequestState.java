package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What the {@code requestState} of an {@code input_required} answer to a 2026-07-28 {@code codex} / {@code
 * codex-reply} call binds, sealed by {@link RequestStateCodec} (the client sees an opaque string).
 *
 * @param threadId the thread whose turn is parked
 * @param turnId the turn's submission id
 * @param keys the {@code inputRequests} keys this answer asked
 * @param expiresAtMs when the state (and the parked turn's wait) ends, epoch milliseconds
 * @param callDigest {@link RequestStateCodec#digest} of the tool name and arguments: the retry must repeat them
 * @param nonce the round this state belongs to; the parked turn takes it once (single use)
 */
@RegisterForReflection
record RequestState(
        @JsonProperty("thread") String threadId,
        @JsonProperty("turn") String turnId,
        @JsonProperty("keys") List<String> keys,
        @JsonProperty("exp") long expiresAtMs,
        @JsonProperty("call") String callDigest,
        @JsonProperty("nonce") String nonce) {}
