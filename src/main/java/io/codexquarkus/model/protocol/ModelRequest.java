package io.codexquarkus.model.protocol;

import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.Verbosity;
import java.util.Optional;

/**
 * One round-trip: the provider to call, the model settings, and the prompt.
 *
 * @param conversationId sent as {@code prompt_cache_key} and the {@code session_id}/{@code conversation_id} headers
 * @param effort {@code model_reasoning_effort}; empty means the model family's default
 * @param verbosity {@code model_verbosity}; empty means the model family's default (ignored for families without
 *     verbosity)
 * @param modelSupportsReasoningSummaries config {@code model_supports_reasoning_summaries}: send {@code reasoning} even
 *     when the model family is not known to support it
 */
public record ModelRequest(
        ModelProviderInfo provider,
        String model,
        String conversationId,
        Optional<ReasoningEffort> effort,
        ReasoningSummary summary,
        Optional<Verbosity> verbosity,
        ClientIdentity identity,
        Prompt prompt,
        boolean modelSupportsReasoningSummaries) {

    /** A request that relies on the model family alone to decide whether {@code reasoning} is sent. */
    public ModelRequest(
            ModelProviderInfo provider,
            String model,
            String conversationId,
            Optional<ReasoningEffort> effort,
            ReasoningSummary summary,
            Optional<Verbosity> verbosity,
            ClientIdentity identity,
            Prompt prompt) {
        this(provider, model, conversationId, effort, summary, verbosity, identity, prompt, false);
    }
}
