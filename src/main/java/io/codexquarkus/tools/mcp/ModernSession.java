package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.client.McpAsyncClient;
import io.modelcontextprotocol.modern.client.McpInputHandlerMissingException;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The 2026-07-28 era over the SDK's modern client ({@code io.modelcontextprotocol.modern.client}): no handshake, every
 * request carries its own {@code _meta}. Results are turned into the 2025 shapes through JSON, so the pool cannot tell
 * the eras apart. This client registers no elicitation handler, so it declares no elicitation capability; a server
 * that still answers {@code input_required} ends the call with an error instead of waiting for an answer that never
 * comes.
 */
record ModernSession(McpAsyncClient client, Optional<AutoCloseable> transport, McpJsonMapper json, ObjectMapper mapper)
        implements McpSession {
    @Override
    public McpEra era() {
        return McpEra.MODERN;
    }

    @Override
    public void open() {
        // stateless: nothing to negotiate (the probe's server/discover already told the era)
    }

    @Override
    public McpSchema.ListToolsResult listTools(String cursor) {
        var page = client.tools().cursor(cursor).list().block();
        return page == null ? null : json.convertValue(page, McpSchema.ListToolsResult.class);
    }

    @Override
    public CompletableFuture<JsonNode> callTool(String tool, Map<String, Object> arguments) {
        return client.tool(tool)
                .arguments(arguments)
                .call()
                .onErrorMap(
                        McpInputHandlerMissingException.class,
                        e -> new IllegalStateException(
                                "the server asked for input (`" + e.inputKey()
                                        + "`) but this client cannot answer: it declared no elicitation capability",
                                e))
                .map(result -> {
                    String type = result.resultType();
                    if (type != null && !type.equals("complete")) {
                        throw new IllegalStateException("the server answered with resultType `" + type
                                + "`, which this client does not handle");
                    }
                    return mapper.<JsonNode>valueToTree(json.convertValue(result, McpSchema.CallToolResult.class));
                })
                .toFuture();
    }

    @Override
    public void closeGracefully(Duration grace) {
        // stdio: closing the transport closes the server's stdin; over HTTP there is no session to end
        close();
    }

    @Override
    public void close() {
        transport.ifPresent(t -> {
            try {
                t.close();
            } catch (Exception e) {
                // already closed; the process, if any, is stopped by the connection anyway
            }
        });
    }
}
