package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.ConversationManager;
import io.codexquarkus.agent.rollout.RolloutReader;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigOverride;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.config.McpServerSettings;
import io.codexquarkus.mcp.server.RequestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code tools/call} for {@code codex} and {@code codex-reply}. Session configuration per call: config.toml < startup
 * {@code -c} < the tool's {@code config} map < typed parameters. A thread id unknown to this process is resumed from
 * its rollout file.
 */
public final class CodexToolCalls {
    private final ConversationManager conversations;
    private final ConfigRequest startup;
    private final Supplier<SessionServices> services;
    private final Set<String> busyThreads = ConcurrentHashMap.newKeySet();
    private final Predicate<String> drivenElsewhere;
    private final TaskStore tasks;
    private final ParkedTurns parked = new ParkedTurns(RequestStateCodec.perProcess());

    /**
     * Serves tool calls.
     *
     * @param startup the server's own configuration request (home, cwd, startup {@code -c} and {@code -p})
     * @param services what sessions of this connection use (with the client's user-agent suffix)
     * @param drivenElsewhere conversations whose events another reader consumes (started with {@code
     *     newConversation}); {@code codex-reply} must not read them too
     * @param tasks where calls answered with a task (MCP 2026-07-28 tasks extension) keep their turns
     */
    public CodexToolCalls(
            ConversationManager conversations,
            ConfigRequest startup,
            Supplier<SessionServices> services,
            Predicate<String> drivenElsewhere,
            TaskStore tasks) {
        this.conversations = conversations;
        this.startup = startup;
        this.services = services;
        this.drivenElsewhere = drivenElsewhere;
        this.tasks = tasks;
    }

    /**
     * The {@code tools/call} handler: always answers with a CallToolResult (errors are {@code isError}), or, for a
     * 2026-07-28 request that declares the tasks extension (unless {@code mcp_server.tasks = "never"}), with a task
     * once the turn is about to start; argument and thread errors found before that are answered at once as the same
     * isError CallToolResult, never as a task. A 2026-07-28 retry that cannot resume its
     * turn is answered -32602 (see {@link ParkedTurns}).
     */
    public JsonNode call(RequestContext request) throws InterruptedException {
        if (ParkedTurns.isRetry(request)) {
            parked.resume(request); // the parked turn answers the retry
            return null;
        }
        JsonNode params = request.params();
        String name = params == null ? "" : params.path("name").asText("");
        JsonNode arguments = params == null ? null : params.get("arguments");
        return switch (name) {
            case ToolDefinitions.CODEX -> codex(request, arguments);
            case ToolDefinitions.CODEX_REPLY -> codexReply(request, arguments);
            default -> ToolResults.error("Unknown tool '" + name + "'");
        };
    }

    private JsonNode codex(RequestContext request, JsonNode arguments) throws InterruptedException {
        if (arguments == null || arguments.isNull()) {
            return ToolResults.error("Missing arguments for codex tool-call; the `prompt` field is required.");
        }
        CodexToolArgs args;
        try {
            args = CodexToolArgs.parse(arguments);
        } catch (CodexToolArgs.InvalidArguments e) {
            return ToolResults.error("Failed to parse configuration for Codex tool: " + e.getMessage());
        }
        CodexConfig config;
        try {
            config = ConfigLoader.load(sessionRequest(args)).config();
        } catch (CodexException e) {
            return ToolResults.error("Failed to load Codex configuration from overrides: " + e.getMessage());
        }
        ConversationManager.NewConversation conversation;
        try {
            conversation = conversations.newConversation(config, services.get());
        } catch (CodexException e) {
            return ToolResults.error("Failed to start Codex session: " + e.getMessage());
        }
        Codex codex = conversation.codex();
        String threadId = codex.conversationId();
        busyThreads.add(threadId);
        Runnable release = () -> busyThreads.remove(threadId);
        if (tasks.offered(request, config.mcpServer())) {
            return tasks.start(request, codex, config.mcpServer(), args.prompt(), "", release);
        }
        try {
            runTurn(request, codex, config.mcpServer(), args.prompt(), "", release);
        } finally {
            release.run();
        }
        return null;
    }

    private JsonNode codexReply(RequestContext request, JsonNode arguments) throws InterruptedException {
        if (arguments == null || arguments.isNull()) {
            return ToolResults.error(
                    "Missing arguments for codex-reply tool-call; the `thread_id` and `prompt` fields are required.");
        }
        Optional<String> threadId;
        Optional<String> prompt;
        try {
            threadId = CodexToolArgs.optionalString(arguments, "threadId")
                    .or(() -> optional(arguments, "conversationId"))
                    .or(() -> optional(arguments, "sessionId"));
            prompt = CodexToolArgs.optionalString(arguments, "prompt");
        } catch (CodexToolArgs.InvalidArguments e) {
            return ToolResults.error("Failed to parse configuration for Codex tool: " + e.getMessage());
        }
        if (threadId.isEmpty()) {
            return ToolResults.error("Failed to parse thread_id: either threadId or conversationId must be provided");
        }
        if (prompt.isEmpty()) {
            return ToolResults.error("Failed to parse configuration for Codex tool: missing field `prompt`");
        }
        String id = threadId.get();
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return ToolResults.error("Failed to parse thread_id: invalid thread id `" + id + "`");
        }
        if (drivenElsewhere.test(id)) {
            return ToolResults.error(
                    id, "Thread " + id + " was started with newConversation; continue it with sendUserMessage.");
        }
        Optional<Codex> codex = conversations.get(id).filter(c -> !c.isShutdown());
        CodexConfig config = null;
        if (codex.isEmpty()) {
            try {
                config = ConfigLoader.load(startup).config();
                Optional<Path> rollout = RolloutReader.findById(config.codexHome(), id);
                if (rollout.isPresent()) {
                    codex = Optional.of(conversations
                            .resume(config, rollout.get(), services.get())
                            .codex());
                }
            } catch (CodexException e) {
                return ToolResults.error(id, "Failed to resume thread " + id + ": " + e.getMessage());
            }
        }
        if (codex.isEmpty()) {
            return ToolResults.error(id, "Session not found for thread_id: " + id);
        }
        if (!busyThreads.add(id)) {
            return ToolResults.error(id, "Thread " + id + " is busy with another call; wait for it to finish.");
        }
        Runnable release = () -> busyThreads.remove(id);
        try {
            if (config == null) {
                config = ConfigLoader.load(startup).config();
            }
            if (tasks.offered(request, config.mcpServer())) {
                // the task's turn frees the thread when it ends
                release = () -> {};
                return tasks.start(
                        request, codex.get(), config.mcpServer(), prompt.get(), "reply-", () -> busyThreads.remove(id));
            }
            runTurn(request, codex.get(), config.mcpServer(), prompt.get(), "reply-", release);
        } catch (CodexException e) {
            request.respond(ToolResults.error(id, e.getMessage()));
        } finally {
            release.run();
        }
        return null;
    }

    /**
     * Runs one turn answered in {@code request}'s response; blocks until the turn ends.
     *
     * @param submissionPrefix put before the call id to make the turn's submission id
     * @param release frees the thread just before the answer goes out
     */
    private void runTurn(
            RequestContext request,
            Codex codex,
            McpServerSettings settings,
            String prompt,
            String submissionPrefix,
            Runnable release)
            throws InterruptedException {
        TurnActivity activity = new TurnActivity();
        InputRequiredDoor asking = parked.door(request, codex, settings, activity);
        ApprovalDoor door = asking != null
                ? asking
                : request.isModern()
                        ? new Unaskable(activity::approvalAnswered)
                        : new ApprovalBridge(
                                request.connection(),
                                Duration.ofMillis(settings.elicitationTimeoutMs()),
                                activity::approvalAnswered);
        RequestCall call = new RequestCall(request, codex.conversationId(), settings, activity, door);
        String submissionId = submissionPrefix + call.toolCallId();
        if (asking != null) {
            asking.bind(call, submissionId);
        }
        new ThreadTurn(codex, call, activity, release).run(prompt, submissionId);
    }

    private static Optional<String> optional(JsonNode arguments, String field) {
        JsonNode value = arguments.get(field);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /** config.toml < startup -c < tool config map < typed parameters. */
    ConfigRequest sessionRequest(CodexToolArgs args) {
        List<ConfigOverride> typed = new ArrayList<>();
        args.model().ifPresent(v -> typed.add(ConfigOverride.of("model", v)));
        args.approvalPolicy().ifPresent(v -> typed.add(ConfigOverride.of("approval_policy", v.wire())));
        args.sandbox().ifPresent(v -> typed.add(ConfigOverride.of("sandbox_mode", v.wire())));
        args.baseInstructions().ifPresent(v -> typed.add(ConfigOverride.of("base_instructions", v)));
        args.developerInstructions().ifPresent(v -> typed.add(ConfigOverride.of("developer_instructions", v)));
        args.compactPrompt().ifPresent(v -> typed.add(ConfigOverride.of("compact_prompt", v)));
        return startup.withClientLayers("tool", args.profile(), args.config(), typed, args.cwd());
    }
}
