package io.codexquarkus.mcp.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Both reply shapes, and the texts every front door shares. */
class VerdictTest {
    private static Verdict read(String json) {
        return Verdict.read(Json.parse(json)).orElseGet(Verdict::notUnderstood);
    }

    @Test
    void theConversationApisDecisionShapeIsRead() {
        for (ReviewDecision decision : ReviewDecision.values()) {
            assertThat(read("{\"decision\":\"" + decision.wire() + "\"}")).isEqualTo(Verdict.of(decision));
        }
    }

    @Test
    void theElicitationShapeIsRead() {
        assertThat(read("{\"action\":\"accept\",\"content\":{\"decision\":\"approved_for_session\"}}"))
                .isEqualTo(Verdict.of(ReviewDecision.APPROVED_FOR_SESSION));
        assertThat(read("{\"action\":\"accept\",\"content\":{}}")).isEqualTo(Verdict.of(ReviewDecision.APPROVED));
        assertThat(read("{\"action\":\"accept\",\"decision\":\"abort\"}")).isEqualTo(Verdict.of(ReviewDecision.ABORT));
    }

    @Test
    void declineOrCancelWinsOverADecisionInTheSameReply() {
        assertThat(read("{\"action\":\"decline\",\"decision\":\"approved\"}"))
                .isEqualTo(Verdict.of(ReviewDecision.DENIED));
        assertThat(read("{\"action\":\"cancel\",\"content\":{\"decision\":\"approved\"}}"))
                .isEqualTo(new Verdict(ReviewDecision.DENIED, "the user dismissed the approval request"));
    }

    @Test
    void anythingElseIsNotUnderstoodAndDenied() {
        for (String reply : new String[] {"{\"decision\":\"maybe later\"}", "{}", "[]", "\"approved\"", "null"}) {
            assertThat(Verdict.read(Json.parse(reply))).as(reply).isEmpty();
        }
        assertThat(Verdict.notUnderstood())
                .isEqualTo(new Verdict(ReviewDecision.DENIED, "the approval answer was not understood"));
    }

    @Test
    void failuresAreDeniedWithTheSameTextsForEveryDoor() {
        Duration timeout = Duration.ofMillis(1500);
        assertThat(Verdict.failed(new CompletionException(new TimeoutException()), timeout))
                .isEqualTo(new Verdict(ReviewDecision.DENIED, "no answer to the approval request within 1.50s"));
        assertThat(Verdict.failed(new TimeoutException(), Duration.ofMillis(300))
                        .reason())
                .isEqualTo("no answer to the approval request within 300ms");
        assertThat(Verdict.failed(new CancellationException(), timeout).reason())
                .isEqualTo("the approval request was cancelled");
        assertThat(Verdict.failed(new IllegalStateException("-32000 closed"), timeout)
                        .reason())
                .isEqualTo("the MCP client answered the approval request with an error: -32000 closed");
    }
}
