package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code result} of {@code mcp_tool_call_end} as Rust's {@code Result} serialises: {@code {"Ok":CallToolResult}}
 * or {@code {"Err":"message"}}; exactly one is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record McpCallOutcome(
        @JsonProperty("Ok") JsonNode ok,
        @JsonProperty("Err") String err) {
    public static McpCallOutcome ok(JsonNode callToolResult) {
        return new McpCallOutcome(callToolResult, null);
    }

    public static McpCallOutcome err(String message) {
        return new McpCallOutcome(null, message);
    }
}
