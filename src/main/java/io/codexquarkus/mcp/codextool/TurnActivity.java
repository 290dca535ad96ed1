package io.codexquarkus.mcp.codextool;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.common.Shlex;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What a turn is doing now, as a person would say it ("waiting for the model — 35 s"), read off the agent's event
 * stream so the mcp layer needs nothing from the agent but its events. The keep-alive progress shows it; the clock
 * restarts only when the activity changes, so a model streaming deltas for a minute reads "the model is writing the
 * answer — 60 s".
 */
final class TurnActivity {
    private static final int MAX_COMMAND_CHARS = 60;

    private final LongSupplier clock;
    private String doing = "starting the turn";
    private long since;

    TurnActivity() {
        this(System::nanoTime);
    }

    TurnActivity(LongSupplier clock) {
        this.clock = clock;
        this.since = clock.getAsLong();
    }

    /** Follows one event of the turn; events that say nothing about the activity leave it as it is. */
    synchronized void on(EventMsg msg) {
        switch (msg) {
            case EventMsg.TaskStarted started -> become("waiting for the model");
            case EventMsg.ExecCommandBegin begin -> become("running `" + shorten(Shlex.join(begin.command())) + "`");
            case EventMsg.ExecApprovalRequest approval ->
                become("waiting for approval to run `" + shorten(Shlex.join(approval.command())) + "`");
            case EventMsg.ApplyPatchApprovalRequest approval -> become("waiting for approval of a patch");
            case EventMsg.PatchApplyBegin patch -> become("applying a patch");
            case EventMsg.WebSearchBegin search -> become("searching the web");
            case EventMsg.AgentReasoningDelta delta -> become("the model is thinking");
            case EventMsg.AgentReasoningRawContentDelta delta -> become("the model is thinking");
            case EventMsg.AgentMessageDelta delta -> become("the model is writing the answer");
            case EventMsg.StreamError error -> become("reconnecting to the model");
            // after a tool finishes its output goes back to the model, which is silent until it streams again
            case EventMsg.ExecCommandEnd end -> become("waiting for the model");
            case EventMsg.PatchApplyEnd end -> become("waiting for the model");
            case EventMsg.WebSearchEnd end -> become("waiting for the model");
            case EventMsg.AgentMessage message -> become("waiting for the model");
            case EventMsg.AgentReasoning reasoning -> become("waiting for the model");
            default -> {
                // the remaining events are bookkeeping (token counts, diffs, plan updates) or end the turn
            }
        }
    }

    /** The client answered an approval: what follows is the model's turn (a denial) or the command's begin event. */
    synchronized void approvalAnswered() {
        become("waiting for the model");
    }

    /** The activity and how long it has lasted: {@code running `npm test` — 48 s}. */
    synchronized String describe() {
        long seconds = Math.max(0, (clock.getAsLong() - since) / 1_000_000_000L);
        String elapsed =
                seconds < 60 ? seconds + " s" : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        return doing + " — " + elapsed;
    }

    private void become(String activity) {
        if (!activity.equals(doing)) {
            doing = activity;
            since = clock.getAsLong();
        }
    }

    private static String shorten(String command) {
        String line = command.replace('\n', ' ');
        return line.length() <= MAX_COMMAND_CHARS ? line : line.substring(0, MAX_COMMAND_CHARS - 1) + "…";
    }
}
