package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.McpServerSettings;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.protocol.CodexEventNotification;
import io.codexquarkus.mcp.server.RequestContext;

/**
 * A turn answered in a JSON-RPC response: events as {@code codex/event} and {@code notifications/progress} on the
 * request the client is waiting on, approvals through an {@link ApprovalDoor}, and the final {@code CallToolResult}
 * (or, when the client cancelled, no answer unless configured — never one in the 2026-07-28 era).
 *
 * <p>The request may change while the turn runs: a 2026-07-28 call that needs an approval answers {@code
 * input_required} and the turn goes on under the client's retry, {@linkplain #attach attached} here.
 */
final class RequestCall implements TurnChannel {
    private final String threadId;
    private final McpServerSettings settings;
    private final TurnActivity activity;
    private final ApprovalDoor door;
    private final String toolCallId;
    private volatile RequestContext current;
    private volatile ProgressReporter progress;
    private volatile Runnable interrupt = () -> {};
    private volatile boolean clientCancelled;

    RequestCall(
            RequestContext request,
            String threadId,
            McpServerSettings settings,
            TurnActivity activity,
            ApprovalDoor door) {
        this.threadId = threadId;
        this.settings = settings;
        this.activity = activity;
        this.door = door;
        JsonNode id = request.id();
        this.toolCallId = id.isTextual() ? id.textValue() : id.toString();
        this.current = request;
        this.progress = reporter(request);
    }

    @Override
    public String toolCallId() {
        return toolCallId;
    }

    @Override
    public void start(Runnable interrupt) {
        this.interrupt = interrupt;
        watch(current, progress);
    }

    /**
     * Makes {@code request} (a 2026-07-28 retry that answered this turn's {@code input_required}) the one the turn
     * reports to and answers.
     */
    void attach(RequestContext request) {
        ProgressReporter reporter = reporter(request);
        current = request;
        progress = reporter;
        watch(request, reporter);
    }

    private ProgressReporter reporter(RequestContext request) {
        return new ProgressReporter(
                request.connection(),
                request.progressToken(),
                settings.progressIntervalMs(),
                settings.progressHeartbeatMs(),
                activity::describe);
    }

    private void watch(RequestContext request, ProgressReporter reporter) {
        // the keep-alive ends with the request: stopped before its answer is written, or when the client cancels
        request.beforeAnswer(reporter::stop);
        request.onCancel(() -> {
            clientCancelled = true;
            reporter.stop();
            interrupt.run();
        });
    }

    /** The request the client waits on now. */
    RequestContext request() {
        return current;
    }

    @Override
    public void forward(Event event) {
        RequestContext request = current;
        // 2026-07-28 on stdio: nothing more is sent for a request its client cancelled
        if (settings.codexEvents() && !request.isAnswered() && !(request.isModern() && request.isCancelled())) {
            var meta = new CodexEventNotification.Meta(request.id(), threadId);
            request.connection()
                    .notify("codex/event", Json.tree(new CodexEventNotification(meta, event.id(), event.msg())));
        }
    }

    @Override
    public void progress(String message, boolean force) {
        progress.report(message, force);
    }

    @Override
    public void ask(ApprovalQuestion question) {
        door.ask(question, current, toolCallId);
    }

    @Override
    public void withdrawAll(String reason) {
        door.withdrawAll(reason);
    }

    @Override
    public void finish(JsonNode result) {
        door.ended();
        current.respond(result);
    }

    @Override
    public void aborted(String threadId) {
        door.ended();
        RequestContext request = current;
        if (!clientCancelled) {
            request.respond(ToolResults.error(threadId, "The turn was aborted (an approval was answered with abort)."));
        } else if (settings.respondOnCancel() && !request.isModern()) {
            request.respond(ToolResults.error(threadId, "The request was cancelled."));
        } else {
            // 2026-07-28 on stdio: nothing more may be sent for a cancelled request
            request.dropResponse();
        }
    }
}
