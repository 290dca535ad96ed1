package io.codexquarkus.mcp.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The approval form's shape per protocol version, its one-line message, and how a form answer is read. */
class ApprovalFormTest {
    private static Map<String, String> context() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("command", "git init");
        context.put("cwd", "/tmp/work");
        context.put("reason", null);
        return context;
    }

    @Test
    void from20251125TheChoiceIsATitledOneOfWithADefaultAndTheContextIsPrefilled() {
        JsonNode schema = Json.tree(ApprovalForm.schema("2025-11-25", context()));
        assertThat(schema).isEqualTo(Json.parse("""
                        {"type":"object","properties":{
                         "decision":{"type":"string","title":"Decision",
                          "description":"What Codex may do. Submitting without a choice approves once.",
                          "oneOf":[{"const":"approved","title":"Approve once"},
                                   {"const":"approved_for_session","title":"Approve for this session"},
                                   {"const":"denied","title":"Deny"},
                                   {"const":"abort","title":"Deny and stop the turn"}],
                          "default":"approved"},
                         "command":{"type":"string","title":"Command",
                          "description":"For information only: what you enter here is ignored.","default":"git init"},
                         "cwd":{"type":"string","title":"Working directory",
                          "description":"For information only: what you enter here is ignored.","default":"/tmp/work"}}}
                        """));
        assertThat(schema.has("required"))
                .as("nothing is required: an empty accept stays valid")
                .isFalse();
    }

    @Test
    void before20251125TheChoiceIsEnumWithEnumNamesAndThereIsNoContext() {
        for (String version : new String[] {"2025-06-18", "2025-03-26", "2024-11-05"}) {
            JsonNode schema = Json.tree(ApprovalForm.schema(version, context()));
            JsonNode decision = schema.path("properties").path("decision");
            assertThat(schema.path("properties").size()).as(version).isEqualTo(1);
            assertThat(decision.path("enum"))
                    .isEqualTo(Json.parse("[\"approved\",\"approved_for_session\",\"denied\",\"abort\"]"));
            assertThat(decision.path("enumNames"))
                    .isEqualTo(Json.parse(
                            "[\"Approve once\",\"Approve for this session\",\"Deny\",\"Deny and stop the turn\"]"));
            assertThat(decision.has("default")).isFalse();
            assertThat(decision.has("oneOf")).isFalse();
        }
    }

    @Test
    void theMessageIsOneLineWithTheReason() {
        assertThat(ApprovalForm.message("Allow Codex to run `ls` in `/w`?", "needs\nthe network\r\n", "fallback"))
                .isEqualTo("Allow Codex to run `ls` in `/w`? Reason: needs the network.");
        assertThat(ApprovalForm.message("Run?", "command failed; retry without sandbox?", "fallback"))
                .isEqualTo("Run? Reason: command failed; retry without sandbox?");
        assertThat(ApprovalForm.message("Run?", null, "the policy asks")).isEqualTo("Run? Reason: the policy asks.");
    }

    private static ReviewDecision decide(String json) {
        return Verdict.read(Json.parse(json)).orElseGet(Verdict::notUnderstood).decision();
    }

    @Test
    void formAnswersMapToTheirDecisions() {
        assertThat(decide("{\"action\":\"accept\"}")).isEqualTo(ReviewDecision.APPROVED);
        assertThat(decide("{\"action\":\"accept\",\"content\":{}}")).isEqualTo(ReviewDecision.APPROVED);
        for (ReviewDecision decision : ReviewDecision.values()) {
            assertThat(decide("{\"action\":\"accept\",\"content\":{\"decision\":\"" + decision.wire()
                            + "\",\"command\":\"edited by the user\",\"cwd\":\"/elsewhere\"}}"))
                    .isEqualTo(decision);
            assertThat(decide("{\"decision\":\"" + decision.wire() + "\"}")).isEqualTo(decision);
        }
    }

    @Test
    void declineAndCancelWinOverADecisionInTheSameReply() {
        assertThat(decide("{\"action\":\"decline\",\"content\":{\"decision\":\"approved\"}}"))
                .isEqualTo(ReviewDecision.DENIED);
        assertThat(decide("{\"action\":\"cancel\",\"decision\":\"approved_for_session\"}"))
                .isEqualTo(ReviewDecision.DENIED);
        assertThat(Verdict.read(Json.parse("{\"action\":\"cancel\"}"))
                        .orElseThrow()
                        .reason())
                .contains("dismissed");
    }
}
