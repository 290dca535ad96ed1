package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Durations;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.approval.ApprovalService;
import io.codexquarkus.mcp.approval.InputRequests;
import io.codexquarkus.mcp.approval.Verdict;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * A turn that reports to a task instead of a request: nothing is sent while it runs (the tasks extension has no
 * progress or messages for tasks; {@code tasks/get} reads what the turn does now from its {@link TurnActivity}), each
 * approval becomes an {@code inputRequests} entry of the task until {@code tasks/update} answers it, and the one
 * answer becomes the task's outcome: {@code completed} with the {@code CallToolResult} the call would have answered,
 * or {@code cancelled} when {@code tasks/cancel} stopped the turn.
 *
 * <p>An approval nobody answers within {@code mcp_server.input_required_timeout_ms} aborts the turn (the task then
 * completes with an isError result that says so), so a client that went away does not leave a turn parked forever.
 */
final class TaskChannel implements TurnChannel {
    /** Schedules a short action after a delay (the connection's timer). */
    @FunctionalInterface
    interface Timer {
        ScheduledFuture<?> schedule(Runnable action, Duration delay);
    }

    static final String CANCELLED = "cancelled by tasks/cancel";
    private static final String ABORTED_BY_ANSWER = "an approval was answered with abort";

    private final CallTask task;
    private final String toolCallId;
    private final TurnActivity activity;
    private final Timer timer;
    private final Duration inputTimeout;
    private final boolean askable;
    private final Map<String, ScheduledFuture<?>> timeouts = new ConcurrentHashMap<>();
    private volatile Runnable interrupt = () -> {};
    private volatile String abortReason = ABORTED_BY_ANSWER;

    /**
     * @param toolCallId the id of the {@code tools/call} that created the task
     * @param inputTimeout how long an approval waits for {@code tasks/update} before the turn is aborted
     * @param askable whether the creating request declared {@code elicitation}: else no question is put in {@code
     *     inputRequests} and each counts as denied, as in a call without a task
     */
    TaskChannel(
            CallTask task,
            String toolCallId,
            TurnActivity activity,
            Timer timer,
            Duration inputTimeout,
            boolean askable) {
        this.task = task;
        this.toolCallId = toolCallId;
        this.activity = activity;
        this.timer = timer;
        this.inputTimeout = inputTimeout;
        this.askable = askable;
    }

    @Override
    public String toolCallId() {
        return toolCallId;
    }

    @Override
    public void start(Runnable interrupt) {
        this.interrupt = interrupt;
        task.started(interrupt);
    }

    @Override
    public void forward(Event event) {
        // a tasks/cancel that came before the prompt was submitted found no turn to interrupt: interrupt it now
        if (event.msg() instanceof EventMsg.TaskStarted && task.cancelRequested()) {
            interrupt.run();
        }
    }

    @Override
    public void progress(String message, boolean force) {
        task.touch();
    }

    @Override
    public void ask(ApprovalQuestion question) {
        if (!askable) {
            activity.approvalAnswered();
            ApprovalService.settle(question, Verdict.unaskable());
            return;
        }
        String key = task.nextKey(InputRequests.key(question));
        task.ask(new CallTask.Pending(key, question, InputRequests.request(question, toolCallId)));
        try {
            timeouts.put(key, timer.schedule(() -> Thread.ofVirtual().start(() -> timedOut(key)), inputTimeout));
        } catch (RejectedExecutionException e) {
            // the connection is closing: the turn is being interrupted
        }
    }

    /**
     * {@code tasks/update}: settles the open questions {@code inputResponses} answers; keys that are not open (never
     * issued, already answered, withdrawn) are ignored, an answer that cannot be read counts as denied.
     */
    void answer(JsonNode inputResponses) {
        if (inputResponses == null || !inputResponses.isObject()) {
            return;
        }
        inputResponses
                .properties()
                .forEach(entry -> task.take(entry.getKey()).ifPresent(open -> {
                    cancelTimeout(open.key());
                    Optional<Verdict> verdict = InputRequests.read(entry.getValue());
                    if (verdict.isPresent() && verdict.get().decision() == ReviewDecision.ABORT) {
                        abortReason = ABORTED_BY_ANSWER;
                    }
                    activity.approvalAnswered();
                    ApprovalService.settle(open.question(), verdict.orElseGet(Verdict::notUnderstood));
                }));
    }

    private void timedOut(String key) {
        timeouts.remove(key);
        task.take(key).ifPresent(open -> {
            abortReason = "no answer to the approval within " + Durations.format(inputTimeout);
            activity.approvalAnswered();
            ApprovalService.settle(open.question(), new Verdict(ReviewDecision.ABORT, abortReason));
        });
    }

    @Override
    public void withdrawAll(String reason) {
        task.takeAll().forEach(open -> cancelTimeout(open.key()));
    }

    @Override
    public void finish(JsonNode result) {
        cancelTimeouts();
        task.end(new CallTask.Outcome.Completed(result));
    }

    @Override
    public void aborted(String threadId) {
        cancelTimeouts();
        if (task.cancelRequested()) {
            task.end(new CallTask.Outcome.Cancelled(CANCELLED));
        } else {
            task.end(new CallTask.Outcome.Completed(
                    ToolResults.error(threadId, "The turn was aborted (" + abortReason + ").")));
        }
    }

    private void cancelTimeout(String key) {
        ScheduledFuture<?> timeout = timeouts.remove(key);
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    private void cancelTimeouts() {
        timeouts.keySet().forEach(this::cancelTimeout);
    }
}
