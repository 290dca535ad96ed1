package io.codexquarkus.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.server.McpConnection;
import java.util.Optional;

/**
 * Standard {@code notifications/progress} for a tool call that carried {@code _meta.progressToken}: a strictly
 * increasing counter and a short human message, at most one per interval (many clients reset their request timeout on
 * progress, which keeps long agent runs alive).
 */
final class ProgressReporter {
    private final McpConnection connection;
    private final Optional<JsonNode> token;
    private final long intervalNanos;
    private long progress;
    private long lastSent = Long.MIN_VALUE;

    ProgressReporter(McpConnection connection, Optional<JsonNode> token, long intervalMs) {
        this.connection = connection;
        this.token = token;
        this.intervalNanos = intervalMs * 1_000_000L;
    }

    /** Reports {@code message} if the interval has passed since the last report (or {@code force}). */
    synchronized void report(String message, boolean force) {
        if (token.isEmpty()) {
            return;
        }
        progress++;
        long now = System.nanoTime();
        if (!force && lastSent != Long.MIN_VALUE && now - lastSent < intervalNanos) {
            return;
        }
        lastSent = now;
        ObjectNode params = Json.MAPPER.createObjectNode();
        params.set("progressToken", token.get());
        params.put("progress", progress);
        params.put("message", message);
        connection.notify("notifications/progress", params);
    }
}
