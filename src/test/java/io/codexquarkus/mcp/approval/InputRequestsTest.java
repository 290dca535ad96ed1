package io.codexquarkus.mcp.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Approval questions as 2026-07-28 {@code inputRequests} entries, and the client's {@code inputResponses} read back. */
class InputRequestsTest {
    private static ApprovalQuestion exec(String eventId, String callId) {
        var request = new EventMsg.ExecApprovalRequest(callId, List.of("git", "init"), "/work", null);
        return new ApprovalQuestion.Exec("thread", op -> {}, new Event(eventId, request), request);
    }

    private static Optional<Verdict> read(String json) {
        return InputRequests.read(Json.parse(json));
    }

    @Test
    void twoApprovalsOfOneTurnHaveTwoKeys() {
        // every event of a turn carries the turn's submission id: the call id tells its approvals apart
        assertThat(InputRequests.key(exec("7", "call-a"))).isNotEqualTo(InputRequests.key(exec("7", "call-b")));
        assertThat(InputRequests.key(exec("7", "call-a"))).isEqualTo(InputRequests.key(exec("7", "call-a")));
    }

    @Test
    void theEmbeddedRequestIsAFormElicitationWithCodexFields() {
        JsonNode request = InputRequests.request(exec("7", "call-a"), "42");
        assertThat(request.path("method").asText()).isEqualTo("elicitation/create");
        JsonNode params = request.path("params");
        assertThat(params.path("mode").asText()).isEqualTo("form");
        assertThat(params.path("message").asText()).contains("git init");
        assertThat(params.path("requestedSchema").path("type").asText()).isEqualTo("object");
        assertThat(params.path("codex_call_id").asText()).isEqualTo("call-a");
        assertThat(params.path("codex_mcp_tool_call_id").asText()).isEqualTo("42");
    }

    @Test
    void answersMapAsTheIssueSays() {
        assertThat(read("{\"action\":\"accept\"}")).contains(Verdict.of(ReviewDecision.APPROVED));
        assertThat(read("{\"action\":\"accept\",\"content\":{\"decision\":\"approved_for_session\"}}"))
                .contains(Verdict.of(ReviewDecision.APPROVED_FOR_SESSION));
        assertThat(read("{\"action\":\"accept\",\"content\":{\"decision\":\"denied\"}}"))
                .contains(Verdict.of(ReviewDecision.DENIED));
        assertThat(read("{\"action\":\"decline\",\"content\":{\"decision\":\"approved\"}}"))
                .contains(Verdict.of(ReviewDecision.DENIED));
        assertThat(read("{\"action\":\"cancel\"}")).contains(Verdict.of(ReviewDecision.ABORT));
        assertThat(read("{\"action\":\"accept\",\"content\":{\"decision\":\"maybe\"}}"))
                .isEmpty();
        assertThat(read("{\"action\":\"later\"}")).isEmpty();
        assertThat(read("\"accept\"")).isEmpty();
    }
}
