package io.codexquarkus.mcp.codextool;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.agent.protocol.EventMsg;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The keep-alive's words: what the turn does, read off its events, and for how long (a hand-driven clock). */
class TurnActivityTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TurnActivity activity = new TurnActivity(nanos::get);

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(seconds * 1_000_000_000L);
    }

    @Test
    void theClockRestartsOnlyWhenTheActivityChanges() {
        assertThat(activity.describe()).isEqualTo("starting the turn — 0 s");
        activity.on(new EventMsg.TaskStarted(null));
        advanceSeconds(35);
        assertThat(activity.describe()).isEqualTo("waiting for the model — 35 s");

        activity.on(new EventMsg.ExecCommandBegin("c1", List.of("npm", "test"), "/w", List.of()));
        advanceSeconds(48);
        assertThat(activity.describe()).isEqualTo("running `npm test` — 48 s");

        activity.on(new EventMsg.AgentMessageDelta("He"));
        advanceSeconds(10);
        activity.on(new EventMsg.AgentMessageDelta("llo"));
        activity.on(new EventMsg.TokenCount(null));
        advanceSeconds(115);
        assertThat(activity.describe()).isEqualTo("the model is writing the answer — 2 min 05 s");
    }

    @Test
    void anAnsweredApprovalHandsTheTurnBackToTheModel() {
        activity.on(new EventMsg.ApplyPatchApprovalRequest("c2", java.util.Map.of(), null, null));
        advanceSeconds(7);
        assertThat(activity.describe()).isEqualTo("waiting for approval of a patch — 7 s");
        activity.approvalAnswered();
        assertThat(activity.describe()).isEqualTo("waiting for the model — 0 s");
    }

    @Test
    void longCommandsAreShortened() {
        activity.on(new EventMsg.ExecCommandBegin(
                "c3", List.of("bash", "-lc", "x".repeat(200) + "\necho done"), "/w", List.of()));
        String said = activity.describe();
        assertThat(said).startsWith("running `bash -lc ").endsWith("…` — 0 s");
        assertThat(said.length()).isLessThan(90);
    }
}
