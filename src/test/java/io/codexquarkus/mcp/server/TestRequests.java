package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.codexquarkus.mcp.transport.StdioTransport;
import io.codexquarkus.testing.McpTestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.Map;

/**
 * Requests of a real {@link McpConnection} for unit tests of what handles them: the connection writes to a pipe that
 * {@link #client} reads, and nothing is read from a client (requests are made here, not dispatched).
 */
public final class TestRequests {
    public final McpConnection connection;
    public final McpTestClient client;

    public TestRequests() {
        try {
            Pipe toClient = Pipe.open();
            OutputStream serverOut = Channels.newOutputStream(toClient.sink());
            InputStream clientIn = Channels.newInputStream(toClient.source());
            StdioTransport transport = new StdioTransport(InputStream.nullInputStream(), serverOut, 1 << 20, e -> {});
            this.connection = new McpConnection(transport, Map.of(), Map.of(), Map.of());
            this.client = new McpTestClient(OutputStream.nullOutputStream(), clientIn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 2026-07-28 request (its {@code _meta} read as the connection reads it). */
    public RequestContext modern(int id, String method, JsonNode params) {
        return new RequestContext(IntNode.valueOf(id), method, params, connection, ModernMeta.read(params));
    }

    /** What {@code notifications/cancelled} does to {@code request}. */
    public static void cancel(RequestContext request) {
        request.cancel();
    }
}
