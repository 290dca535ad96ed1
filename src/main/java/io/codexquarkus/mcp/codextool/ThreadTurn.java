package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.common.Json;
import io.codexquarkus.common.Shlex;
import io.codexquarkus.common.StreamCursor;
import io.codexquarkus.config.McpServerSettings;
import io.codexquarkus.mcp.protocol.CodexEventNotification;
import io.codexquarkus.mcp.server.RequestContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One {@code codex} / {@code codex-reply} call on a thread: submits the prompt, forwards every event as {@code
 * codex/event} (and progress), bridges approvals, and answers the call exactly once: with the final message, with the
 * error that ended the turn, or — when the client cancelled — not at all unless configured.
 */
final class ThreadTurn {
    private final RequestContext request;
    private final Codex codex;
    private final McpServerSettings settings;
    private final ApprovalBridge approvals;
    private final ProgressReporter progress;
    private final TurnActivity activity = new TurnActivity();
    private final Runnable release;
    private volatile boolean clientCancelled;

    /**
     * A turn of {@code codex} on behalf of {@code request}.
     *
     * @param release frees the thread for the next call; runs just before the final answer is sent, so a client that
     *     replies at once finds the thread free
     */
    ThreadTurn(RequestContext request, Codex codex, McpServerSettings settings, Runnable release) {
        this.request = request;
        this.release = release;
        this.codex = codex;
        this.settings = settings;
        this.approvals = new ApprovalBridge(
                request.connection(), Duration.ofMillis(settings.elicitationTimeoutMs()), activity::approvalAnswered);
        this.progress = new ProgressReporter(
                request.connection(),
                request.progressToken(),
                settings.progressIntervalMs(),
                settings.progressHeartbeatMs(),
                activity::describe);
        // the keep-alive ends with the call: stopped before the answer is written, or when the client cancels
        request.beforeAnswer(progress::stop);
    }

    /** The tools/call id as Codex shows it in {@code codex_mcp_tool_call_id} and submission ids. */
    String toolCallId() {
        JsonNode id = request.id();
        return id.isTextual() ? id.textValue() : id.toString();
    }

    /** Forwards an event that happened before the turn (the first {@code session_configured}). */
    void forward(Event event) {
        if (settings.codexEvents()) {
            var meta = new CodexEventNotification.Meta(request.id(), codex.conversationId());
            request.connection()
                    .notify("codex/event", Json.tree(new CodexEventNotification(meta, event.id(), event.msg())));
        }
    }

    /** Submits the prompt and handles events until the turn ends. Blocks; runs on the request's virtual thread. */
    void run(String prompt, String submissionId) throws InterruptedException {
        request.onCancel(() -> {
            clientCancelled = true;
            progress.stop();
            codex.submit(new Op.Interrupt());
        });
        progress.report("Codex is working on the task", true);
        // this call reads the thread's events up to the end of its turn and no further: the next codex-reply reads on
        try (StreamCursor<Event> events = StreamCursor.open(codex.events())) {
            codex.submit(submissionId, new Op.UserInput(List.of(new InputItem.Text(prompt))));
            handleEvents(events);
        }
    }

    private void handleEvents(StreamCursor<Event> events) throws InterruptedException {
        String failure = null;
        while (true) {
            Optional<Event> next = events.next();
            if (next.isEmpty()) {
                // the stream completes only when the session shut down
                release.run();
                request.respond(ToolResults.error(codex.conversationId(), "Codex runtime error: session ended"));
                return;
            }
            Event event = next.get();
            forward(event);
            activity.on(event.msg());
            reportProgress(event.msg());
            switch (event.msg()) {
                case EventMsg.ExecApprovalRequest exec -> approvals.exec(codex, toolCallId(), event, exec);
                case EventMsg.ApplyPatchApprovalRequest patch -> approvals.patch(codex, toolCallId(), event, patch);
                case EventMsg.ErrorEvent error ->
                    // the turn ends right after its error (task_complete follows): answer then, once the thread is
                    // free, so a client that replies at once is not told the thread is busy
                    failure = error.message();
                case EventMsg.TaskComplete complete -> {
                    release.run();
                    if (failure != null) {
                        request.respond(ToolResults.error(codex.conversationId(), failure));
                    } else {
                        String text = complete.lastAgentMessage() == null ? "" : complete.lastAgentMessage();
                        request.respond(ToolResults.success(codex.conversationId(), text));
                    }
                    return;
                }
                case EventMsg.TurnAborted aborted -> {
                    approvals.withdrawAll("the turn was interrupted");
                    release.run();
                    if (!clientCancelled) {
                        request.respond(ToolResults.error(
                                codex.conversationId(), "The turn was aborted (an approval was answered with abort)."));
                    } else if (settings.respondOnCancel()) {
                        request.respond(ToolResults.error(codex.conversationId(), "The request was cancelled."));
                    } else {
                        request.dropResponse();
                    }
                    return;
                }
                default -> {
                    // forwarded only
                }
            }
        }
    }

    private void reportProgress(EventMsg msg) {
        switch (msg) {
            case EventMsg.ExecCommandBegin begin ->
                progress.report("running `" + Shlex.join(begin.command()) + "`", false);
            case EventMsg.ExecCommandEnd end -> progress.report("command exited " + end.exitCode(), false);
            case EventMsg.PatchApplyBegin patch ->
                progress.report(
                        "applying a patch to "
                                + (patch.changes() == null ? 0 : patch.changes().size()) + " file(s)",
                        false);
            case EventMsg.ExecApprovalRequest approval -> progress.report("waiting for command approval", true);
            case EventMsg.ApplyPatchApprovalRequest approval -> progress.report("waiting for patch approval", true);
            case EventMsg.AgentReasoningDelta delta -> progress.report("thinking", false);
            case EventMsg.AgentMessageDelta delta -> progress.report("writing the answer", false);
            case EventMsg.StreamError error -> progress.report(error.message(), true);
            case EventMsg.PlanUpdate plan -> progress.report("updated the plan", false);
            default -> {
                // other events do not change what the user would want to read
            }
        }
    }
}
