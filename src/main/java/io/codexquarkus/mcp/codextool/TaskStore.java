package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.Codex;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.McpServerSettings;
import io.codexquarkus.config.McpTasksMode;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.RequestContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The tasks of one server process (MCP 2026-07-28 tasks extension): a {@code codex} / {@code codex-reply} call whose
 * request declares {@code io.modelcontextprotocol/tasks} runs its turn on its own virtual thread and is answered at
 * once with a task the client polls. A task is in this store before its {@code CreateTaskResult} is sent, its id is
 * 128 random bits, and it lives {@link #TTL} from its creation: after that it is gone (a turn still running then is
 * cancelled). Tasks live in memory only, as long as the process: the thread itself is on disk and a {@code
 * codex-reply} continues it after a restart.
 */
public final class TaskStore {
    private static final Logger LOG = Logger.getLogger(TaskStore.class);

    /** How long a task is kept from its creation: far longer than any turn, short enough to forget finished ones. */
    public static final Duration TTL = Duration.ofHours(24);
    /** How often a client should poll: a turn's activity changes on the scale of seconds. */
    public static final long POLL_INTERVAL_MS = 1_000;

    private static final HexFormat HEX = HexFormat.of();

    /** What a task id finds. */
    sealed interface Lookup {
        record Found(TaskChannel channel, CallTask task) implements Lookup {}

        record Unknown() implements Lookup {}

        record Expired() implements Lookup {}
    }

    private record Entry(CallTask task, TaskChannel channel) {}

    private final SecureRandom random = new SecureRandom();
    private final boolean enabled;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> tasks = new ConcurrentHashMap<>();

    /** @param enabled whether calls may become tasks at all ({@code mcp_server.tasks} at start-up is not never) */
    public TaskStore(boolean enabled) {
        this(enabled, Clock.systemUTC(), TTL);
    }

    TaskStore(boolean enabled, Clock clock, Duration ttl) {
        this.enabled = enabled;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * Whether {@code request} is answered with a task: it declares the extension, and tasks are turned off neither at
     * start-up nor in the call's own configuration ({@code settings}).
     */
    boolean offered(RequestContext request, McpServerSettings settings) {
        return enabled
                && settings.tasks() == McpTasksMode.AUTO
                && request.modern().map(meta -> meta.tasks()).orElse(false);
    }

    /**
     * Starts the turn as a task and returns its {@code CreateTaskResult}; the task is findable before this returns.
     *
     * @param release frees the thread; runs when the turn ends, whatever way
     */
    JsonNode start(
            RequestContext request,
            Codex codex,
            McpServerSettings settings,
            String prompt,
            String submissionPrefix,
            Runnable release) {
        TurnActivity activity = new TurnActivity();
        JsonNode id = request.id();
        String toolCallId = id.isTextual() ? id.textValue() : id.toString();
        CallTask task = newTask(codex.conversationId(), activity);
        TaskChannel channel = new TaskChannel(
                task,
                toolCallId,
                activity,
                request.connection()::schedule,
                Duration.ofMillis(settings.inputRequiredTimeoutMs()),
                request.supportsElicitation());
        add(task, channel);
        String threadId = codex.conversationId();
        Runnable turn = () -> {
            try {
                new ThreadTurn(codex, channel, activity, release).run(prompt, submissionPrefix + toolCallId);
            } catch (InterruptedException e) {
                task.end(new CallTask.Outcome.Cancelled("the server stopped the turn"));
            } catch (McpException e) {
                task.end(new CallTask.Outcome.Failed(e.error()));
            } catch (CodexException e) {
                task.end(new CallTask.Outcome.Completed(ToolResults.error(threadId, e.getMessage())));
            } catch (RuntimeException e) {
                LOG.errorf(e, "task %s failed", task.id());
                task.end(new CallTask.Outcome.Failed(JsonRpcError.of(
                        JsonRpcError.INTERNAL_ERROR,
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
            } finally {
                release.run();
                task.end(new CallTask.Outcome.Failed(
                        JsonRpcError.of(JsonRpcError.INTERNAL_ERROR, "the turn ended without an answer")));
            }
        };
        try {
            Thread.ofVirtual().name("mcp-task-" + task.id()).start(turn);
        } catch (RuntimeException e) {
            tasks.remove(task.id());
            release.run();
            throw e;
        }
        return Json.tree(task.snapshot(true));
    }

    /** A task of thread {@code threadId} with a fresh id, created now, following {@code activity}. */
    CallTask newTask(String threadId, TurnActivity activity) {
        return new CallTask(newId(), threadId, clock, ttl, POLL_INTERVAL_MS, activity::describe);
    }

    /** Keeps {@code task}: from now on {@link #find} finds it. Purges the expired tasks on the way. */
    void add(CallTask task, TaskChannel channel) {
        purgeExpired();
        tasks.put(task.id(), new Entry(task, channel));
    }

    /** The task {@code id} names; an expired one is purged (and its turn, if still running, cancelled). */
    Lookup find(String id) {
        Entry entry = tasks.get(id);
        if (entry == null) {
            return new Lookup.Unknown();
        }
        if (entry.task().expired(clock.instant())) {
            purge(id, entry);
            return new Lookup.Expired();
        }
        return new Lookup.Found(entry.channel(), entry.task());
    }

    /** A new task id: 128 bits from {@link SecureRandom}, in hex. */
    String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** How many tasks are kept (expired ones included until they are purged). */
    int size() {
        return tasks.size();
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        tasks.forEach((id, entry) -> {
            if (entry.task().expired(now)) {
                purge(id, entry);
            }
        });
    }

    private void purge(String id, Entry entry) {
        if (tasks.remove(id, entry)) {
            entry.task().cancel();
        }
    }

    /** The connection closed: every turn still running as a task is interrupted (its processes killed). */
    public void close() {
        for (Entry entry : List.copyOf(tasks.values())) {
            entry.task().cancel();
        }
    }
}
