package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.protocol.ProgressNotification;
import io.codexquarkus.mcp.server.McpConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * Standard {@code notifications/progress} for a tool call that carried {@code _meta.progressToken}: a strictly
 * increasing counter and a short human message. Event-driven reports come at most one per interval; besides them a
 * keep-alive report goes out whenever nothing was sent for a heartbeat period, because clients reset their request
 * timeout on progress and a model that thinks for a minute, or a quiet build, sends no events at all.
 *
 * <p>The keep-alive is one task on the connection's timer, re-armed after every report; {@link #stop} disarms it, and
 * since sending and stopping share this object's lock nothing is sent once {@code stop} has returned.
 */
final class ProgressReporter {
    private final McpConnection connection;
    private final Optional<JsonNode> token;
    private final long intervalNanos;
    private final Duration heartbeat;
    private final Supplier<String> activity;
    private long progress;
    private long lastSent = Long.MIN_VALUE;
    private boolean stopped;
    private ScheduledFuture<?> nextBeat;

    /**
     * @param intervalMs the least time between two event-driven reports
     * @param heartbeatMs the longest silence before a keep-alive report; 0 sends none
     * @param activity what the turn is doing now, for the keep-alive message
     */
    ProgressReporter(
            McpConnection connection,
            Optional<JsonNode> token,
            long intervalMs,
            long heartbeatMs,
            Supplier<String> activity) {
        this.connection = connection;
        this.token = token;
        this.intervalNanos = intervalMs * 1_000_000L;
        this.heartbeat = Duration.ofMillis(heartbeatMs);
        this.activity = activity;
    }

    /** Reports {@code message} if the interval has passed since the last report (or {@code force}). */
    synchronized void report(String message, boolean force) {
        if (token.isEmpty() || stopped) {
            return;
        }
        progress++;
        long now = System.nanoTime();
        if (!force && lastSent != Long.MIN_VALUE && now - lastSent < intervalNanos) {
            return;
        }
        send(message, now);
    }

    /** Sends no more progress, keep-alive or other; idempotent. */
    synchronized void stop() {
        stopped = true;
        if (nextBeat != null) {
            nextBeat.cancel(false);
            nextBeat = null;
        }
    }

    private synchronized void beat() {
        if (token.isEmpty() || stopped) {
            return;
        }
        progress++;
        send(activity.get(), System.nanoTime());
    }

    private void send(String message, long now) {
        lastSent = now;
        connection.notify(
                "notifications/progress", Json.tree(new ProgressNotification(token.orElseThrow(), progress, message)));
        if (!heartbeat.isZero()) {
            if (nextBeat != null) {
                nextBeat.cancel(false);
            }
            try {
                nextBeat = connection.schedule(this::beat, heartbeat);
            } catch (RejectedExecutionException e) {
                // the connection is closing: its calls are being cancelled, nothing more will be sent
                stopped = true;
            }
        }
    }
}
