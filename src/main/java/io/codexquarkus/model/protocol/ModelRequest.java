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
 */
public record ModelRequest(
        ModelProviderInfo provider,
        String model,
        String conversationId,
        Optional<ReasoningEffort> effort,
        ReasoningSummary summary,
        Optional<Verbosity> verbosity,
        ClientIdentity identity,
        Prompt prompt) {}
