package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.protocol.TaskResult;
import io.codexquarkus.mcp.protocol.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One {@code codex} / {@code codex-reply} call answered with a task: what {@code tasks/get} shows (the status, what the
 * turn does now, the approvals it waits for, the result) and what {@code tasks/update} and {@code tasks/cancel} act on.
 * Thread-safe; the turn's thread and the client's requests meet here.
 *
 * <p>The status follows from the state: an outcome makes it terminal (the first outcome wins, so a turn that ends as
 * it is cancelled reports whichever came first); without one it is {@code input_required} while an approval waits for
 * its answer and {@code working} otherwise.
 */
final class CallTask {
    /** How a task ended. */
    sealed interface Outcome {
        /** The turn's {@code CallToolResult}, exactly what the call would have answered without a task. */
        record Completed(JsonNode result) implements Outcome {}

        /** A JSON-RPC error, as the call would have failed without a task. */
        record Failed(JsonRpcError error) implements Outcome {}

        /** Stopped by {@code tasks/cancel} (or the server closing). */
        record Cancelled(String reason) implements Outcome {}
    }

    /** An approval the turn waits for, under its key in {@code inputRequests}. */
    record Pending(String key, ApprovalQuestion question, ObjectNode request) {}

    /** The poll interval offered while the task is young. */
    static final long QUICK_POLL_MS = 200;

    static final Duration QUICK_POLLS_FOR = Duration.ofSeconds(5);

    private final String id;
    private final String threadId;
    private final Clock clock;
    private final Instant createdAt;
    private final Duration ttl;
    private final long pollIntervalMs;
    private final Supplier<String> activity;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private Instant lastUpdatedAt;
    private Outcome outcome;
    private Runnable interrupt;
    private boolean cancelRequested;
    private int asked;

    /**
     * @param threadId the thread the turn runs on
     * @param activity what the turn does now, in words ({@link TurnActivity#describe})
     */
    CallTask(String id, String threadId, Clock clock, Duration ttl, long pollIntervalMs, Supplier<String> activity) {
        this.id = id;
        this.threadId = threadId;
        this.clock = clock;
        this.createdAt = now(clock);
        this.lastUpdatedAt = createdAt;
        this.ttl = ttl;
        this.pollIntervalMs = pollIntervalMs;
        this.activity = activity;
    }

    String id() {
        return id;
    }

    /** Whether the task outlived its TTL at {@code now} (it may then be purged). */
    boolean expired(Instant now) {
        return !now.isBefore(createdAt.plus(ttl));
    }

    synchronized TaskStatus status() {
        if (outcome == null) {
            return pending.isEmpty() ? TaskStatus.WORKING : TaskStatus.INPUT_REQUIRED;
        }
        return switch (outcome) {
            case Outcome.Completed completed -> TaskStatus.COMPLETED;
            case Outcome.Failed failed -> TaskStatus.FAILED;
            case Outcome.Cancelled cancelled -> TaskStatus.CANCELLED;
        };
    }

    /** The {@code CreateTaskResult} ({@code creation}) or the {@code tasks/get} answer, as things are now. */
    synchronized TaskResult snapshot(boolean creation) {
        TaskStatus status = status();
        ObjectNode inputRequests = null;
        JsonNode result = null;
        JsonRpcError error = null;
        String message;
        switch (outcome) {
            case null -> {
                message = activity.get();
                if (!pending.isEmpty()) {
                    inputRequests = Json.MAPPER.createObjectNode();
                    for (Pending question : pending.values()) {
                        inputRequests.set(question.key(), question.request());
                    }
                }
            }
            case Outcome.Completed completed -> {
                result = completed.result();
                message = completed.result().path("isError").asBoolean()
                        ? "the turn ended with an error"
                        : "the turn is complete";
            }
            case Outcome.Failed failed -> {
                error = failed.error();
                message = failed.error().message();
            }
            case Outcome.Cancelled cancelled -> message = cancelled.reason();
        }
        return new TaskResult(
                creation ? TaskResult.TASK : null,
                id,
                status,
                message,
                createdAt.toString(),
                lastUpdatedAt.toString(),
                ttl.toMillis(),
                pollInterval(),
                creation ? null : inputRequests,
                creation ? null : result,
                creation ? null : error,
                new TaskResult.Meta(threadId));
    }

    /**
     * How long the client should wait before the next {@code tasks/get}: short while the task is young (most calls
     * that end within seconds then come back within a fraction of one), the steady interval after {@link
     * #QUICK_POLLS_FOR}.
     */
    private long pollInterval() {
        Duration age = Duration.between(createdAt, now(clock));
        return age.compareTo(QUICK_POLLS_FOR) < 0 ? Math.min(QUICK_POLL_MS, pollIntervalMs) : pollIntervalMs;
    }

    /** The turn is under way; {@code interrupt} stops it. Runs it at once when a cancel came first. */
    void started(Runnable interrupt) {
        boolean cancelled;
        synchronized (this) {
            this.interrupt = interrupt;
            cancelled = cancelRequested;
        }
        if (cancelled) {
            interrupt.run();
        }
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    /**
     * {@code tasks/cancel}: marks the task cancelled-to-be and interrupts its turn (which kills its processes); the
     * status turns {@code cancelled} when the turn has stopped. Nothing happens to a task that already ended.
     */
    void cancel() {
        Runnable stop;
        synchronized (this) {
            if (outcome != null || cancelRequested) {
                return;
            }
            cancelRequested = true;
            lastUpdatedAt = now(clock);
            stop = interrupt;
        }
        if (stop != null) {
            stop.run();
        }
    }

    /** A key for the next question: unique over the task's life, whatever the question's own key repeats. */
    synchronized String nextKey(String base) {
        asked++;
        return base + "-" + asked;
    }

    /** The turn waits for {@code question}: the task is {@code input_required} until it is answered or withdrawn. */
    synchronized void ask(Pending question) {
        if (outcome == null) {
            pending.put(question.key(), question);
            lastUpdatedAt = now(clock);
        }
    }

    /** Takes the open question under {@code key}, if it is still open: the caller settles it. */
    synchronized Optional<Pending> take(String key) {
        Pending question = pending.remove(key);
        if (question != null) {
            lastUpdatedAt = now(clock);
        }
        return Optional.ofNullable(question);
    }

    /** Takes every open question (the turn ended without them). */
    synchronized List<Pending> takeAll() {
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        return all;
    }

    /** Ends the task with {@code end} unless it already ended; returns whether this call ended it. */
    synchronized boolean end(Outcome end) {
        if (outcome != null) {
            return false;
        }
        outcome = end;
        pending.clear();
        interrupt = null;
        lastUpdatedAt = now(clock);
        return true;
    }

    synchronized void touch() {
        lastUpdatedAt = now(clock);
    }

    private static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
