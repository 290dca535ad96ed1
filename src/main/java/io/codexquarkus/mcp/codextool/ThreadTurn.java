package io.codexquarkus.mcp.codextool;

import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.common.Shlex;
import io.codexquarkus.common.StreamCursor;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import java.util.List;
import java.util.Optional;

/**
 * One {@code codex} / {@code codex-reply} turn on a thread: submits the prompt, reads the thread's events to the end
 * of the turn, and tells its {@link TurnChannel} — the request (of either protocol era) or the task the client waits
 * on — what happens: every event, progress, each approval the turn waits for, and the one answer (the final message,
 * the error that ended the turn, or the abort).
 */
final class ThreadTurn {
    private final Codex codex;
    private final TurnChannel channel;
    private final TurnActivity activity;
    private final Runnable release;

    /**
     * A turn of {@code codex} reporting to {@code channel}.
     *
     * @param activity what the turn does now, followed here and read by the channel
     * @param release frees the thread for the next call; runs just before the final answer is given, so a client that
     *     replies at once finds the thread free
     */
    ThreadTurn(Codex codex, TurnChannel channel, TurnActivity activity, Runnable release) {
        this.codex = codex;
        this.channel = channel;
        this.activity = activity;
        this.release = release;
    }

    /** Submits the prompt and handles events until the turn ends. Blocks; runs on a virtual thread. */
    void run(String prompt, String submissionId) throws InterruptedException {
        channel.start(() -> codex.submit(new Op.Interrupt()));
        channel.progress("Codex is working on the task", true);
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
                channel.finish(ToolResults.error(codex.conversationId(), "Codex runtime error: session ended"));
                return;
            }
            Event event = next.get();
            channel.forward(event);
            activity.on(event.msg());
            reportProgress(event.msg());
            switch (event.msg()) {
                case EventMsg.ExecApprovalRequest exec ->
                    channel.ask(new ApprovalQuestion.Exec(codex.conversationId(), codex::submit, event, exec));
                case EventMsg.ApplyPatchApprovalRequest patch ->
                    channel.ask(new ApprovalQuestion.Patch(codex.conversationId(), codex::submit, event, patch));
                case EventMsg.ErrorEvent error ->
                    // the turn ends right after its error (task_complete follows): answer then, once the thread is
                    // free, so a client that replies at once is not told the thread is busy
                    failure = error.message();
                case EventMsg.TaskComplete complete -> {
                    release.run();
                    if (failure != null) {
                        channel.finish(ToolResults.error(codex.conversationId(), failure));
                    } else {
                        String text = complete.lastAgentMessage() == null ? "" : complete.lastAgentMessage();
                        channel.finish(ToolResults.success(codex.conversationId(), text));
                    }
                    return;
                }
                case EventMsg.TurnAborted aborted -> {
                    channel.withdrawAll("the turn was interrupted");
                    release.run();
                    channel.aborted(codex.conversationId());
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
                channel.progress("running `" + Shlex.join(begin.command()) + "`", false);
            case EventMsg.ExecCommandEnd end -> channel.progress("command exited " + end.exitCode(), false);
            case EventMsg.PatchApplyBegin patch ->
                channel.progress(
                        "applying a patch to "
                                + (patch.changes() == null ? 0 : patch.changes().size()) + " file(s)",
                        false);
            case EventMsg.ExecApprovalRequest approval -> channel.progress("waiting for command approval", true);
            case EventMsg.ApplyPatchApprovalRequest approval -> channel.progress("waiting for patch approval", true);
            case EventMsg.AgentReasoningDelta delta -> channel.progress("thinking", false);
            case EventMsg.AgentMessageDelta delta -> channel.progress("writing the answer", false);
            case EventMsg.StreamError error -> channel.progress(error.message(), true);
            case EventMsg.PlanUpdate plan -> channel.progress("updated the plan", false);
            default -> {
                // other events do not change what the user would want to read
            }
        }
    }
}
