package io.codexquarkus.mcp.codextool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import org.junit.jupiter.api.Test;

/** How an elicitation reply becomes a decision, and the codex tool's cwd parameter. */
class ApprovalAnswersTest {
    @Test
    void declineOrCancelWinsOverADecisionInTheSameReply() {
        assertThat(ApprovalBridge.decide(Json.parse("{\"action\":\"decline\",\"decision\":\"approved\"}"))
                        .decision())
                .isEqualTo(ReviewDecision.DENIED);
        assertThat(ApprovalBridge.decide(Json.parse("{\"action\":\"cancel\",\"decision\":\"approved_for_session\"}"))
                        .decision())
                .isEqualTo(ReviewDecision.DENIED);
        assertThat(ApprovalBridge.decide(Json.parse("{\"action\":\"accept\",\"decision\":\"approved\"}"))
                        .decision())
                .isEqualTo(ReviewDecision.APPROVED);
        assertThat(ApprovalBridge.decide(Json.parse("{\"decision\":\"approved\"}"))
                        .decision())
                .isEqualTo(ReviewDecision.APPROVED);
        assertThat(ApprovalBridge.decide(Json.parse("{\"action\":\"accept\"}")).decision())
                .isEqualTo(ReviewDecision.APPROVED);
    }

    @Test
    void aCwdWithNulIsAnInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> CodexToolArgs.parse(Json.parse("{\"prompt\":\"hi\",\"cwd\":\"/tmp/a\\u0000b\"}")))
                .isInstanceOf(CodexToolArgs.InvalidArguments.class)
                .hasMessageContaining("`cwd`");
    }
}
