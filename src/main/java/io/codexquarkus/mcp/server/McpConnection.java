package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.jsonrpc.JsonRpcCodec;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.jsonrpc.JsonRpcMessage;
import io.codexquarkus.mcp.protocol.CancelledNotification;
import io.codexquarkus.mcp.protocol.ErrorData;
import io.codexquarkus.mcp.transport.Frame;
import io.codexquarkus.mcp.transport.StdioTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One MCP client on stdio: reads messages, runs each request on its own virtual thread (a long {@code codex} call
 * never holds up the next request), answers every request exactly once, and routes the client's responses to the
 * requests this server sent. Ends when stdin ends.
 */
public final class McpConnection {
    private static final Logger LOG = Logger.getLogger(McpConnection.class);

    private final StdioTransport transport;
    private final Map<String, MethodHandler> methods;
    private final Map<String, MethodHandler> modernMethods;
    private final Map<String, Consumer<JsonNode>> notifications;
    private final OutboundRequests outbound;
    private final Map<JsonNode, RequestContext> inFlight = new ConcurrentHashMap<>();
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    // one timer thread per connection for every call's keep-alive progress: calls schedule and cancel, nobody polls
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mcp-timers").daemon().factory());
    private volatile JsonNode clientInfo;
    private volatile JsonNode clientCapabilities;
    private volatile String protocolVersion = "2025-06-18";
    private volatile boolean initialized;
    private volatile ProtocolEra era = ProtocolEra.UNDECIDED; // changed on the reader thread only

    /** A connection that speaks only the 2025-era protocol. */
    public McpConnection(
            StdioTransport transport,
            Map<String, MethodHandler> methods,
            Map<String, Consumer<JsonNode>> notifications) {
        this(transport, methods, Map.of(), notifications);
    }

    /**
     * A connection that speaks the 2025-era protocol with {@code methods} and MCP 2026-07-28 with {@code
     * modernMethods}, whichever the client's opening messages choose.
     */
    public McpConnection(
            StdioTransport transport,
            Map<String, MethodHandler> methods,
            Map<String, MethodHandler> modernMethods,
            Map<String, Consumer<JsonNode>> notifications) {
        this.transport = transport;
        this.methods = Map.copyOf(methods);
        this.modernMethods = Map.copyOf(modernMethods);
        this.notifications = Map.copyOf(notifications);
        this.outbound = new OutboundRequests(transport::send);
    }

    /** Serves until stdin ends; then cancels what still runs and drains stdout. */
    public void serve() {
        CompletableFuture<Void> done = transport.read(this::onFrame);
        try {
            done.join();
        } catch (RuntimeException e) {
            LOG.warnf("stdin failed: %s", e.getMessage());
        }
        close();
    }

    private void onFrame(Frame frame) {
        if (frame instanceof Frame.Line line && line.isAnsweredEarly()) {
            replay(line);
            return;
        }
        JsonRpcMessage message;
        try {
            message = switch (frame) {
                case Frame.Line line -> {
                    if (isBlank(line.bytes(), line.length())) {
                        yield null;
                    }
                    yield decode(line);
                }
                case Frame.Oversized oversized ->
                    throw JsonRpcCodec.oversized(oversized.prefix(), oversized.length(), transport.maxMessageBytes());
            };
        } catch (JsonRpcCodec.DecodeException e) {
            LOG.warnf("bad JSON-RPC line: %s", e.getMessage());
            send(JsonRpcMessage.ErrorResponse.of(e.id(), e.error()));
            return;
        }
        if (message == null) {
            return;
        }
        switch (message) {
            case JsonRpcMessage.Request request -> dispatch(request);
            case JsonRpcMessage.Notification notification -> onNotification(notification);
            case JsonRpcMessage.Response response -> outbound.onResponse(response.id(), response.result());
            case JsonRpcMessage.ErrorResponse error -> outbound.onError(error.id(), error.error());
        }
    }

    /**
     * A request the client had answered before this server was up ({@link EarlyAnswers}): run for what it records
     * (the client's info and capabilities, the negotiated version, the era), its answer dropped: the client has it.
     */
    private void replay(Frame.Line line) {
        try {
            if (decode(line) instanceof JsonRpcMessage.Request request
                    && !speaksModern(request)
                    && methods.get(request.method()) instanceof MethodHandler.Immediate handler) {
                JsonNode unused = handler.handle(
                        new RequestContext(request.id(), request.method(), request.params(), this, null));
                return;
            }
        } catch (JsonRpcCodec.DecodeException | McpException e) {
            LOG.errorf("a request answered early failed when replayed: %s", e.getMessage());
            return;
        }
        LOG.errorf("a request answered early is not one that can be: %s", line.length());
    }

    /**
     * Decodes a line within the limit. A line may still be too big for the heap this process was given (a 64 MiB
     * string needs several times that while its tree is built): everything allocated for it is unreachable once the
     * parse unwinds, so that one message is answered as too large and the server goes on; any other Error is fatal.
     */
    @SuppressWarnings("EmptyCatch")
    private static JsonRpcMessage decode(Frame.Line line) throws JsonRpcCodec.DecodeException {
        try {
            return JsonRpcCodec.decode(line.bytes(), line.length());
        } catch (OutOfMemoryError e) {
            throw JsonRpcCodec.tooLargeForMemory(line.bytes(), line.length());
        }
    }

    /** Whether the line holds nothing but whitespace (such a line is skipped, never answered). */
    static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private void dispatch(JsonRpcMessage.Request request) {
        ModernMeta modern = null;
        McpException invalid = null;
        if (speaksModern(request)) {
            try {
                if ("initialize".equals(request.method())) {
                    // an earlier request chose 2026-07-28, which has no initialize: name the versions spoken here
                    throw ModernMeta.unsupported(
                            request.params() == null
                                    ? null
                                    : request.params().path("protocolVersion").asText(null));
                }
                modern = ModernMeta.read(request.params());
            } catch (McpException e) {
                invalid = e;
            }
        }
        RequestContext context = new RequestContext(request.id(), request.method(), request.params(), this, modern);
        if (inFlight.putIfAbsent(request.id(), context) != null) {
            send(JsonRpcMessage.ErrorResponse.of(
                    request.id(),
                    JsonRpcError.of(
                            JsonRpcError.INVALID_REQUEST, "request id " + request.id() + " is already in use")));
            return;
        }
        if (invalid != null) {
            context.fail(invalid.error());
            return;
        }
        if (modern != null && clientInfo == null) {
            modern.info().ifPresent(info -> clientInfo = info);
        }
        MethodHandler handler = (modern != null ? modernMethods : methods).get(request.method());
        if (handler == null) {
            context.fail(new JsonRpcError(
                    JsonRpcError.METHOD_NOT_FOUND,
                    "method not found: " + request.method(),
                    Json.tree(new ErrorData.MethodNotFound(request.method()))));
            return;
        }
        if (handler instanceof MethodHandler.Immediate) {
            run(handler, context);
        } else {
            Thread.ofVirtual()
                    .name("mcp-" + request.method() + "-" + request.id())
                    .start(() -> run(handler, context));
        }
    }

    /**
     * Decides the era from the opening messages and says whether this request is served as MCP 2026-07-28.
     * {@code initialize} chooses the 2025 protocol (also after a {@code server/discover} probe); a request claiming
     * 2026-07-28 in its {@code _meta} chooses the new revision ({@code server/discover} alone does not decide yet); any
     * other opening request is a 2025-era client that skipped {@code initialize}. Once modern, a request without the
     * claim is still judged as a 2026-07-28 request (and refused for its missing {@code _meta}).
     */
    private boolean speaksModern(JsonRpcMessage.Request request) {
        if (modernMethods.isEmpty()) {
            return false;
        }
        boolean claims = ModernMeta.claimed(request.params());
        return switch (era) {
            case LEGACY -> false;
            case MODERN -> true;
            case UNDECIDED, PROBED -> {
                if ("initialize".equals(request.method()) || !claims) {
                    era = ProtocolEra.LEGACY;
                    yield false;
                }
                era = "server/discover".equals(request.method()) ? ProtocolEra.PROBED : ProtocolEra.MODERN;
                yield true;
            }
        };
    }

    /** The era the opening messages chose so far. */
    public ProtocolEra era() {
        return era;
    }

    private void run(MethodHandler handler, RequestContext context) {
        try {
            JsonNode result = handler.handle(context);
            if (result != null) {
                context.respond(result);
            }
        } catch (McpException e) {
            context.fail(e.error());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.fail(JsonRpcError.of(JsonRpcError.INTERNAL_ERROR, "interrupted"));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed", context.method());
            context.fail(JsonRpcError.of(
                    JsonRpcError.INTERNAL_ERROR,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private void onNotification(JsonRpcMessage.Notification notification) {
        if ("notifications/cancelled".equals(notification.method())) {
            JsonNode requestId =
                    notification.params() == null ? null : notification.params().get("requestId");
            RequestContext context = requestId == null ? null : inFlight.get(requestId);
            if (context != null) {
                context.cancel();
            } else {
                LOG.debugf("cancel for unknown request %s", requestId);
            }
            return;
        }
        Consumer<JsonNode> handler = notifications.get(notification.method());
        if (handler != null) {
            Thread.ofVirtual().start(() -> handler.accept(notification.params()));
        } else {
            LOG.debugf("ignoring notification %s", notification.method());
        }
    }

    /** Sends a message to the client (thread-safe). */
    public void send(JsonRpcMessage message) {
        transport.send(message);
    }

    public void notify(String method, JsonNode params) {
        send(JsonRpcMessage.Notification.of(method, params));
    }

    /** Runs {@code task} once after {@code delay} on the connection's timer thread (keep it short: it must not block). */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A request this server sent: its id, and its answer to come. */
    public record OutboundRequest(int id, CompletableFuture<JsonNode> response) {}

    /** Sends a request to the client and waits at most {@code timeout} for its answer. */
    public CompletableFuture<JsonNode> request(String method, JsonNode params, Duration timeout) {
        return outbound.send(method, params, timeout).response();
    }

    /**
     * Like {@link #request}, keeping the id so the request can be {@linkplain #withdraw withdrawn}. A 2026-07-28
     * connection never writes a request: asking there is a programming error.
     */
    public OutboundRequest send(String method, JsonNode params, Duration timeout) {
        if (era == ProtocolEra.MODERN || era == ProtocolEra.PROBED) {
            throw new IllegalStateException("a 2026-07-28 connection sends no requests (" + method + ")");
        }
        return outbound.send(method, params, timeout);
    }

    /**
     * Tells the client a request no longer needs an answer ({@code notifications/cancelled}) and stops waiting for
     * it; a request already answered is left alone.
     */
    public void withdraw(OutboundRequest request, String reason) {
        if (request.response().isDone()) {
            return;
        }
        notify("notifications/cancelled", Json.tree(new CancelledNotification(request.id(), reason)));
        request.response().cancel(false);
    }

    void finished(RequestContext context) {
        inFlight.remove(context.id(), context);
    }

    /** Records what the client declared in {@code initialize}; false when it was already initialized. */
    public synchronized boolean initialize(JsonNode clientInfo, JsonNode capabilities) {
        if (initialized) {
            return false;
        }
        this.clientInfo = clientInfo;
        this.clientCapabilities = capabilities;
        this.initialized = true;
        return true;
    }

    public Optional<JsonNode> clientInfo() {
        return Optional.ofNullable(clientInfo);
    }

    /** Records the protocol version answered to {@code initialize}: it decides which form shapes the client knows. */
    public void negotiated(String version) {
        this.protocolVersion = version;
    }

    /** The negotiated protocol version; {@code 2025-06-18} (the first with elicitation) before {@code initialize}. */
    public String protocolVersion() {
        return protocolVersion;
    }

    /** Whether the client declared {@code capabilities.elicitation} in {@code initialize}. */
    public boolean supportsElicitation() {
        return clientCapabilities != null && clientCapabilities.has("elicitation");
    }

    /** Runs {@code action} when the connection ends (stdin EOF). */
    public void onClose(Runnable action) {
        onClose.add(action);
    }

    private void close() {
        for (RequestContext context : List.copyOf(inFlight.values())) {
            context.cancel();
        }
        outbound.cancelAll();
        timers.shutdownNow();
        for (Runnable action : onClose) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.debugf("close action failed: %s", e.getMessage());
            }
        }
        transport.drainAndClose(Duration.ofMillis(500));
    }
}
