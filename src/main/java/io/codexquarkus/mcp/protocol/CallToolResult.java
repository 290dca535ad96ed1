package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The result of {@code tools/call}: text content, Codex's {@code structuredContent {threadId, content}} when a thread
 * exists, and {@code isError} only on a tool-level failure.
 */
@RegisterForReflection
public record CallToolResult(
        @JsonProperty("content") List<TextContent> content,

        @JsonProperty("structuredContent") @JsonInclude(NON_NULL)
        ThreadContent structuredContent,

        @JsonProperty("isError") @JsonInclude(NON_NULL) Boolean isError) {

    /** A text content block. */
    @RegisterForReflection
    public record TextContent(
            @JsonProperty("type") String type,
            @JsonProperty("text") String text) {
        public TextContent(String text) {
            this("text", text);
        }
    }

    /** The thread the call ran on and its final text. */
    @RegisterForReflection
    public record ThreadContent(
            @JsonProperty("threadId") String threadId,
            @JsonProperty("content") String content) {}
}
