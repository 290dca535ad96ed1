package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** The result of {@code tools/list}. */
@RegisterForReflection
public record ToolsListResult(@JsonProperty("tools") List<Tool> tools) {

    /** One tool: what it is called, what it takes and returns, and what a call may do. */
    @RegisterForReflection
    public record Tool(
            @JsonProperty("name") String name,
            @JsonProperty("title") String title,
            @JsonProperty("description") String description,
            @JsonProperty("inputSchema") Schema inputSchema,
            @JsonProperty("outputSchema") Schema outputSchema,
            @JsonProperty("annotations") Annotations annotations) {}

    /**
     * The subset of JSON Schema the tools use; members left null are not written. The component order is the order
     * on the wire (a property's description before its type, as upstream's generator writes them).
     */
    @RegisterForReflection
    @JsonInclude(NON_NULL)
    public record Schema(
            @JsonProperty("description") String description,
            @JsonProperty("type") String type,
            @JsonProperty("enum") List<String> enumValues,
            @JsonProperty("properties") Map<String, Schema> properties,
            @JsonProperty("required") List<String> required,
            @JsonProperty("additionalProperties") Boolean additionalProperties) {}

    /** MCP's tool annotations (hints for clients). */
    @RegisterForReflection
    public record Annotations(
            @JsonProperty("title") String title,
            @JsonProperty("readOnlyHint") boolean readOnlyHint,
            @JsonProperty("destructiveHint") boolean destructiveHint,
            @JsonProperty("idempotentHint") boolean idempotentHint,
            @JsonProperty("openWorldHint") boolean openWorldHint) {}
}
