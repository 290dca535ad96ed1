package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.jsonrpc.JsonRpcMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One incoming request while it is handled: its id, its {@code _meta.progressToken}, and the guarantee that it is
 * answered exactly once (or, when the client cancelled it, not at all unless configured).
 */
public final class RequestContext {
    private final JsonNode id;
    private final String method;
    private final JsonNode params;
    private final McpConnection connection;
    private final ModernMeta modern;
    private final AtomicBoolean answered = new AtomicBoolean();
    private final Cancellation cancellation = new Cancellation();
    private final List<Runnable> beforeAnswer = new CopyOnWriteArrayList<>();

    RequestContext(JsonNode id, String method, JsonNode params, McpConnection connection, ModernMeta modern) {
        this.id = id;
        this.method = method;
        this.params = params;
        this.connection = connection;
        this.modern = modern;
    }

    /** The request's 2026-07-28 {@code _meta}; empty for a 2025-era request. */
    public Optional<ModernMeta> modern() {
        return Optional.ofNullable(modern);
    }

    /** Whether this request is served as MCP 2026-07-28. */
    public boolean isModern() {
        return modern != null;
    }

    /**
     * Whether the client can be asked a form: declared in this request's {@code _meta} (2026-07-28) or in {@code
     * initialize} (2025 era).
     */
    public boolean supportsElicitation() {
        return modern != null ? modern.elicitation() : connection.supportsElicitation();
    }

    /** The protocol version this request speaks: its own (2026-07-28) or the one negotiated in initialize. */
    public String protocolVersion() {
        return modern != null ? modern.protocolVersion() : connection.protocolVersion();
    }

    public JsonNode id() {
        return id;
    }

    public String method() {
        return method;
    }

    public JsonNode params() {
        return params;
    }

    public McpConnection connection() {
        return connection;
    }

    public Optional<JsonNode> progressToken() {
        if (params == null) {
            return Optional.empty();
        }
        JsonNode token = params.path("_meta").path("progressToken");
        return token.isTextual() || token.isNumber() ? Optional.of(token) : Optional.empty();
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /**
     * Cancelled when the client cancels this request ({@code notifications/cancelled}) or the connection closes;
     * hand it to whatever the request starts (a command, a turn) so that stops too.
     */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** What to do when the client cancels this request; runs at once when it already has. */
    public void onCancel(Runnable action) {
        cancellation.onCancel(action);
    }

    void cancel() {
        cancellation.cancel();
    }

    /**
     * Runs {@code action} once the request is settled, just before its answer goes out (or when it is dropped), on
     * the answering thread: whatever it stops can send nothing after the answer. Runs at once when already settled;
     * {@code action} must tolerate running twice.
     */
    public void beforeAnswer(Runnable action) {
        beforeAnswer.add(action);
        if (answered.get()) {
            action.run();
        }
    }

    private void settle() {
        for (Runnable action : beforeAnswer) {
            action.run();
        }
    }

    public boolean isAnswered() {
        return answered.get();
    }

    /**
     * Sends the result, unless the request was already answered; returns whether this call answered it. A 2026-07-28
     * result gets its {@code resultType} ({@code complete} unless the handler set another) and the server's info in
     * {@code _meta}.
     */
    public boolean respond(JsonNode result) {
        if (answered.compareAndSet(false, true)) {
            settle();
            connection.send(JsonRpcMessage.Response.of(id, modern != null ? ModernResults.decorate(result) : result));
            connection.finished(this);
            return true;
        }
        return false;
    }

    public boolean fail(JsonRpcError error) {
        if (answered.compareAndSet(false, true)) {
            settle();
            connection.send(JsonRpcMessage.ErrorResponse.of(id, error));
            connection.finished(this);
            return true;
        }
        return false;
    }

    /** Marks the request as settled without a response (the spec's rule for cancelled requests). */
    public void dropResponse() {
        if (answered.compareAndSet(false, true)) {
            settle();
            connection.finished(this);
        }
    }
}
