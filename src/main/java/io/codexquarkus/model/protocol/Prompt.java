package io.codexquarkus.model.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What one model round-trip sends, independent of the wire API.
 *
 * @param instructions the full system/base instructions
 * @param input the whole conversation history, oldest first (Codex re-sends everything; no previous_response_id)
 * @param tools tool definitions in Responses API JSON ({@code {"type":"function","name":…}}, {@code {"type":"custom",…}},
 *     {@code {"type":"local_shell"}}); the Chat wire converts function tools and drops the rest
 * @param outputSchema optional JSON schema for the final answer ({@code text.format})
 */
public record Prompt(
        String instructions,
        List<ResponseItem> input,
        List<JsonNode> tools,
        boolean parallelToolCalls,
        Optional<JsonNode> outputSchema) {
    public Prompt {
        input = List.copyOf(input);
        tools = List.copyOf(tools);
    }
}
