package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import org.junit.jupiter.api.Test;

class ApprovalRequestsTest {
    @Test
    void anMcpRefusalWinsOverADecisionField() {
        assertThat(ApprovalRequests.decision(Json.parse("{\"action\":\"decline\",\"decision\":\"approved\"}")))
                .contains(ReviewDecision.DENIED);
        assertThat(ApprovalRequests.decision(Json.parse("{\"action\":\"cancel\",\"decision\":\"approved\"}")))
                .contains(ReviewDecision.DENIED);
        assertThat(ApprovalRequests.decision(Json.parse("{\"decision\":\"approved\"}")))
                .contains(ReviewDecision.APPROVED);
    }
}
