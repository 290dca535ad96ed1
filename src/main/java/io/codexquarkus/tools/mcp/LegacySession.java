package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The 2025 era over the SDK's {@code io.modelcontextprotocol.client.McpAsyncClient}: {@code initialize} first. */
record LegacySession(McpAsyncClient client, ObjectMapper mapper) implements McpSession {
    @Override
    public McpEra era() {
        return McpEra.LEGACY;
    }

    @Override
    public void open() {
        client.initialize().block();
    }

    @Override
    public McpSchema.ListToolsResult listTools(String cursor) {
        return client.listTools(cursor).block();
    }

    @Override
    public CompletableFuture<JsonNode> callTool(String tool, Map<String, Object> arguments) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool)
                        .arguments(arguments)
                        .build())
                .map(result -> mapper.<JsonNode>valueToTree(result))
                .toFuture();
    }

    @Override
    public void closeGracefully(Duration grace) {
        client.closeGracefully().block(grace);
    }

    @Override
    public void close() {
        client.close();
    }
}
