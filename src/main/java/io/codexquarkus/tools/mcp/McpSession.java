package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A connected MCP session in one protocol era. Whatever the era, the rest of the pool sees the 2025 shapes: tools as
 * {@link McpSchema.Tool}, a call's answer as the JSON of a {@link McpSchema.CallToolResult} ({@code content}, {@code
 * structuredContent}, {@code isError}).
 */
sealed interface McpSession permits LegacySession, ModernSession {
    McpEra era();

    /** What the era needs before the first request ({@code initialize} in the 2025 era). Blocking. */
    void open();

    /** One page of {@code tools/list}. Blocking; the caller bounds it. */
    McpSchema.ListToolsResult listTools(String cursor);

    /** {@code tools/call}; cancelling the future abandons the request. */
    CompletableFuture<JsonNode> callTool(String tool, Map<String, Object> arguments);

    /** Ends the session politely (stdin closed, HTTP session ended), waiting at most {@code grace}. */
    void closeGracefully(Duration grace);

    /** Releases what the session holds at once. */
    void close();
}
