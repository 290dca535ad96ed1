package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.jsonrpc.JsonRpcMessage;
import io.codexquarkus.mcp.protocol.CancelledNotification;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Requests this server sends to the client (elicitations, approval requests): integer ids from one counter starting
 * at 0, each waiting for its response with a timeout.
 */
final class OutboundRequests {
    private static final Logger LOG = Logger.getLogger(OutboundRequests.class);

    /** The client answered with a JSON-RPC error. */
    static final class ClientError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient JsonRpcError error;

        ClientError(JsonRpcError error) {
            super(error.code() + " " + error.message());
            this.error = error;
        }

        JsonRpcError error() {
            return error;
        }
    }

    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Consumer<JsonRpcMessage> sender;

    OutboundRequests(Consumer<JsonRpcMessage> sender) {
        this.sender = sender;
    }

    /** Sends {@code method}; the future completes with the result, a ClientError, or a TimeoutException. */
    McpConnection.OutboundRequest send(String method, JsonNode params, Duration timeout) {
        int id = nextId.getAndIncrement();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(id, future);
        CompletableFuture<JsonNode> bounded = future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> {
                    pending.remove(id);
                    if (failure instanceof TimeoutException) {
                        // the client may still be showing the question: withdraw it, as a cancelled call does
                        sender.accept(JsonRpcMessage.Notification.of(
                                "notifications/cancelled",
                                Json.tree(new CancelledNotification(
                                        id, "no answer within " + timeout.toMillis() + " ms"))));
                    }
                });
        sender.accept(JsonRpcMessage.Request.of(IntNode.valueOf(id), method, params));
        return new McpConnection.OutboundRequest(id, bounded);
    }

    void onResponse(JsonNode id, JsonNode result) {
        CompletableFuture<JsonNode> future = id.canConvertToInt() ? pending.get(id.asInt()) : null;
        if (future == null) {
            LOG.debugf("response to unknown request id %s", id);
            return;
        }
        future.complete(result);
    }

    void onError(JsonNode id, JsonRpcError error) {
        CompletableFuture<JsonNode> future = id != null && id.canConvertToInt() ? pending.get(id.asInt()) : null;
        if (future == null) {
            LOG.debugf("error for unknown request id %s: %s", id, error.message());
            return;
        }
        future.completeExceptionally(new ClientError(error));
    }

    void cancelAll() {
        pending.values().forEach(f -> f.cancel(false));
        pending.clear();
    }
}
