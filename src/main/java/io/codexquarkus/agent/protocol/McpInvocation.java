package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which MCP tool a call went to, with the server's and the tool's own names (not the names offered to the model).
 *
 * @param arguments the JSON object the model passed, or null when it passed nothing
 */
public record McpInvocation(
        @JsonProperty("server") String server,
        @JsonProperty("tool") String tool,
        @JsonProperty("arguments") JsonNode arguments) {}
