package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.ConversationManager;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.protocol.ConversationResponses;
import io.codexquarkus.mcp.protocol.EmptyResult;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.MethodHandler;
import io.codexquarkus.mcp.server.RequestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The conversation half of the 2025 JSON-RPC API: {@code newConversation}, {@code sendUserMessage}, {@code
 * sendUserTurn}, {@code interruptConversation}, {@code addConversationListener}, {@code removeConversationListener},
 * {@code resumeConversation} and {@code archiveConversation}. Conversations live in the server's shared {@link
 * ConversationManager}; those created here are read by a {@link ConversationStream}, those of the {@code codex}
 * tool are left to the tool.
 */
final class ConversationMethods {
    /** How long {@code archiveConversation} waits for an active conversation to shut down. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final ConversationManager conversations;
    private final ConfigRequest startup;
    private final Supplier<SessionServices> services;
    private final Map<String, ConversationStream> streams = new ConcurrentHashMap<>();
    private final Map<String, ConversationStream> subscriptions = new ConcurrentHashMap<>();
    private final Object subscriptionLock = new Object();

    ConversationMethods(ConversationManager conversations, ConfigRequest startup, Supplier<SessionServices> services) {
        this.conversations = conversations;
        this.startup = startup;
        this.services = services;
    }

    void register(Map<String, MethodHandler> methods) {
        methods.put("newConversation", this::newConversation);
        methods.put("sendUserMessage", this::sendUserMessage);
        methods.put("sendUserTurn", this::sendUserTurn);
        methods.put("interruptConversation", this::interruptConversation);
        methods.put("addConversationListener", this::addConversationListener);
        methods.put("removeConversationListener", this::removeConversationListener);
        methods.put("resumeConversation", this::resumeConversation);
        methods.put("archiveConversation", this::archiveConversation);
    }

    boolean drives(String conversationId) {
        return streams.containsKey(conversationId);
    }

    /** Stops every event reader (the conversations themselves are shut down by the server). */
    void close() {
        streams.values().forEach(ConversationStream::stop);
    }

    private JsonNode newConversation(RequestContext request) {
        NewConversationParams params = NewConversationParams.parse(Params.of(request));
        CodexConfig config = params.derive(startup);
        ConversationManager.NewConversation created;
        try {
            created = conversations.newConversation(config, services.get());
        } catch (CodexException e) {
            throw McpException.internal("error creating conversation: " + e.getMessage());
        }
        open(request, created, config);
        return Json.tree(new ConversationResponses.NewConversationResponse(
                created.conversationId(),
                created.configured().model(),
                created.configured().rolloutPath()));
    }

    private void open(RequestContext request, ConversationManager.NewConversation created, CodexConfig config) {
        ConversationStream stream = new ConversationStream(
                created.conversationId(),
                created.codex(),
                request.connection(),
                Duration.ofMillis(config.mcpServer().elicitationTimeoutMs()));
        streams.put(created.conversationId(), stream);
        stream.start();
    }

    private JsonNode sendUserMessage(RequestContext request) {
        Params params = Params.of(request);
        ConversationStream stream = stream(params);
        List<InputItem> items = WireInput.items(params);
        respondThenSubmit(request, stream, items, new Op.UserInput(items));
        return null;
    }

    private JsonNode sendUserTurn(RequestContext request) {
        Params params = Params.of(request);
        ConversationStream stream = stream(params);
        List<InputItem> items = WireInput.items(params);
        Optional<String> cwd = params.string("cwd");
        if (cwd.isPresent()) {
            Path resolved = stream.codex().turnContext().cwd().resolve(cwd.get());
            if (!Files.isDirectory(resolved)) {
                throw params.invalid("cwd", "is not a directory: " + resolved);
            }
        }
        JsonNode schema = params.present("outputSchema");
        if (schema != null && !schema.isObject()) {
            throw params.invalid("outputSchema", "must be a JSON Schema object");
        }
        params.bool("enableWebSearch"); // 0.3x clients send it; validated, then ignored
        Op.UserTurn turn = new Op.UserTurn(
                items,
                cwd.orElse(null),
                params.enumValue("approvalPolicy", AskForApproval.class).orElse(null),
                WireInput.sandboxPolicy(params, "sandboxPolicy").orElse(null),
                params.string("model").orElse(null),
                WireInput.effort(params, "effort").orElse(null),
                WireInput.summary(params, "summary").orElse(null),
                schema);
        respondThenSubmit(request, stream, items, turn);
        return null;
    }

    /**
     * Answers {@code {}} before submitting, so the reply is on the wire before any event of the turn it starts (the
     * outgoing queue is first in, first out).
     */
    private static void respondThenSubmit(
            RequestContext request, ConversationStream stream, List<InputItem> items, Op op) {
        if (stream.codex().isShutdown()) {
            throw McpException.internal("conversation " + stream.conversationId() + " is shut down");
        }
        request.respond(Json.tree(EmptyResult.INSTANCE));
        submitInput(stream, items, op);
    }

    private static void submitInput(ConversationStream stream, List<InputItem> items, Op op) {
        if (!items.isEmpty()) {
            stream.turnSubmitted();
        }
        try {
            stream.codex().submit(op);
        } catch (IllegalStateException e) {
            throw McpException.internal(
                    "failed to submit to conversation " + stream.conversationId() + ": " + e.getMessage());
        }
    }

    private JsonNode interruptConversation(RequestContext request) throws InterruptedException {
        ConversationStream stream = stream(Params.of(request));
        stream.interrupt(request);
        return null;
    }

    private JsonNode addConversationListener(RequestContext request) {
        ConversationStream stream = stream(Params.of(request));
        String subscriptionId = UUID.randomUUID().toString();
        subscriptions.put(subscriptionId, stream);
        // answer first, then deliver: events that arrive meanwhile wait in the stream's backlog
        request.respond(Json.tree(new ConversationResponses.AddConversationSubscriptionResponse(subscriptionId)));
        synchronized (subscriptionLock) {
            if (subscriptions.get(subscriptionId) == stream) {
                stream.attach(subscriptionId);
            }
        }
        return null;
    }

    private JsonNode removeConversationListener(RequestContext request) {
        Params params = Params.of(request);
        String subscriptionId = params.requiredUuid("subscriptionId");
        synchronized (subscriptionLock) {
            ConversationStream stream = subscriptions.remove(subscriptionId);
            if (stream == null) {
                throw McpException.invalidRequest("subscription not found: " + subscriptionId);
            }
            stream.detach(subscriptionId);
        }
        return Json.tree(EmptyResult.INSTANCE);
    }

    private JsonNode resumeConversation(RequestContext request) {
        Params params = Params.of(request);
        Path path = startup.cwd().resolve(params.requiredString("path"));
        Optional<Params> overrides = params.object("overrides");
        CodexConfig config;
        if (overrides.isPresent()) {
            config = NewConversationParams.parse(overrides.get()).derive(startup);
        } else {
            try {
                config = ConfigLoader.load(startup).config();
            } catch (CodexException e) {
                throw new McpException(JsonRpcError.INVALID_REQUEST, "error deriving config: " + e.getMessage());
            }
        }
        ConversationManager.NewConversation resumed;
        try {
            resumed = conversations.resume(config, path, services.get());
        } catch (CodexException e) {
            throw McpException.internal("error resuming conversation: " + e.getMessage());
        }
        open(request, resumed, config);
        request.connection().notify("codex/event", Json.tree(new Event("", resumed.configured())));

        List<EventMsg> initial = resumed.configured().initialMessages();
        List<EventMsg> shown = null;
        if (initial != null) {
            shown = new ArrayList<>();
            for (EventMsg msg : initial) {
                // instructions and environment context are recorded as user messages too; UIs must not show them
                if (!(msg instanceof EventMsg.UserMessage user) || "plain".equals(user.kind())) {
                    shown.add(msg);
                }
            }
        }
        return Json.tree(new ConversationResponses.ResumeConversationResponse(
                resumed.conversationId(), resumed.configured().model(), shown));
    }

    private JsonNode archiveConversation(RequestContext request) throws InterruptedException {
        Params params = Params.of(request);
        String conversationId = params.requiredUuid("conversationId");
        String given = params.requiredString("rolloutPath");
        Path file = RolloutArchive.checkedRolloutPath(startup, given, conversationId);
        Optional<Codex> active = conversations.get(conversationId);
        if (active.isPresent()) {
            shutDown(conversationId, active.get());
        }
        RolloutArchive.move(startup.codexHome(), file);
        return Json.tree(EmptyResult.INSTANCE);
    }

    private void shutDown(String conversationId, Codex codex) throws InterruptedException {
        try {
            codex.shutdown(SHUTDOWN_GRACE);
        } catch (IllegalStateException e) {
            // it shut down on its own meanwhile
        }
        ConversationStream stream = streams.remove(conversationId);
        if (stream != null) {
            // let the listeners see turn_aborted / shutdown_complete before the reader goes
            stream.awaitEnd(Duration.ofSeconds(2));
            stream.stop();
            synchronized (subscriptionLock) {
                subscriptions.values().removeIf(s -> s == stream);
            }
        }
        conversations.remove(conversationId);
    }

    /** The conversation named by {@code conversationId}, if this API drives it. */
    private ConversationStream stream(Params params) {
        String id = params.requiredUuid("conversationId");
        ConversationStream stream = streams.get(id);
        if (stream != null) {
            return stream;
        }
        if (conversations.get(id).isPresent()) {
            throw McpException.invalidRequest(
                    "conversation " + id + " belongs to a codex tool call; continue it with the codex-reply tool");
        }
        throw McpException.invalidRequest("conversation not found: " + id);
    }
}
