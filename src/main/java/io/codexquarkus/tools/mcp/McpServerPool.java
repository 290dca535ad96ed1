package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Cancellation;
import java.util.List;

/**
 * The MCP servers of one session, started from {@code [mcp_servers]} when the session starts: the tools they offer
 * and the calls to them. A server that failed to start or list is left out (and reported once); the session goes on
 * without it. Closing the pool stops every server it started, child processes included.
 */
public interface McpServerPool extends AutoCloseable {
    /**
     * The tools of every server that started, {@code enabled_tools} / {@code disabled_tools} applied, in a stable
     * order (servers by name, then each server's tools by name).
     */
    List<McpTool> tools();

    /** The servers that did not start or could not list their tools, one entry each. */
    List<McpServerFailure> failures();

    /**
     * Calls {@code tool} of {@code server} with {@code arguments} (a JSON object), waiting at most the server's
     * {@code tool_timeout_sec}; a timeout, a transport failure, an unknown server or tool, or a cancellation comes
     * back as {@link McpCallResult.Err}, never as an exception.
     */
    McpCallResult call(String server, String tool, JsonNode arguments, Cancellation cancellation)
            throws InterruptedException;

    /** Stops every server (processes killed after a short grace, HTTP sessions ended); idempotent. */
    @Override
    void close();

    /** A tool as its server listed it. */
    record McpTool(
            String server, String name, String title, String description, JsonNode inputSchema, JsonNode annotations) {}

    /**
     * A server left out of the session, and why, worded for the user ({@code MCP client for `x` failed to start: …}):
     * the session reports {@code message} as it is.
     */
    record McpServerFailure(String server, String message) {}

    /** What a call returned: the server's {@code CallToolResult} (also one with {@code isError}), or why none came. */
    sealed interface McpCallResult {
        record Ok(JsonNode callToolResult) implements McpCallResult {}

        record Err(String message) implements McpCallResult {}
    }

    /** A pool with no servers: the session offers no MCP tools. */
    static McpServerPool empty() {
        return new McpServerPool() {
            @Override
            public List<McpTool> tools() {
                return List.of();
            }

            @Override
            public List<McpServerFailure> failures() {
                return List.of();
            }

            @Override
            public McpCallResult call(String server, String tool, JsonNode arguments, Cancellation cancellation) {
                return new McpCallResult.Err("unknown MCP server '" + server + "'");
            }

            @Override
            public void close() {
                // nothing started
            }
        };
    }
}
