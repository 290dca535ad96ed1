package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * An MCP 2026-07-28 {@code input_required} result: the client answers {@code inputRequests} (server-chosen key →
 * embedded request) in a retry of the same call that echoes {@code requestState}.
 */
@RegisterForReflection
public record InputRequiredResult(
        @JsonProperty("resultType") String resultType,
        @JsonProperty("inputRequests") Map<String, JsonNode> inputRequests,
        @JsonProperty("requestState") String requestState) {
    public static final String INPUT_REQUIRED = "input_required";

    public InputRequiredResult(Map<String, JsonNode> inputRequests, String requestState) {
        this(INPUT_REQUIRED, inputRequests, requestState);
    }
}
