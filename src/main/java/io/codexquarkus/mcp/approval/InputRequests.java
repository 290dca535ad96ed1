package io.codexquarkus.mcp.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import java.util.Optional;

/**
 * Approval questions as MCP 2026-07-28 puts them to a client that cannot be sent requests: entries of an {@code
 * inputRequests} map (an {@code input_required} result, or a task waiting for input), each an embedded {@code
 * elicitation/create} with the same flat form and {@code codex_*} fields as the 2025-era request; and the client's
 * {@code inputResponses} read back into verdicts. The 2026-07-28 front doors (the retried call, the task) share this.
 */
public final class InputRequests {
    public static final String METHOD = "elicitation/create";
    /** The revision these embedded requests belong to: it has titled enums and string defaults. */
    private static final String VERSION = "2026-07-28";

    private InputRequests() {}

    /**
     * The key of {@code question} in {@code inputRequests}, readable in a client's log: the approval event's id (the
     * turn's submission id, shared by every approval of the turn) and the model's call id (one per tool call), so two
     * questions of one turn never share a key.
     */
    public static String key(ApprovalQuestion question) {
        return "codex_approval_" + question.event().id() + "_" + question.callId();
    }

    /** The embedded request: {@code {"method":"elicitation/create","params":{"mode":"form",…}}}. */
    public static ObjectNode request(ApprovalQuestion question, String toolCallId) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("mode", "form");
        params.setAll((ObjectNode) Json.tree(ApprovalForm.params(question, toolCallId, VERSION)));
        ObjectNode request = Json.MAPPER.createObjectNode().put("method", METHOD);
        request.set("params", params);
        return request;
    }

    /**
     * Reads one {@code inputResponses} entry, an elicitation result: {@code accept} with an optional {@code decision}
     * (approve once when none), {@code decline} → denied, {@code cancel} → abort (the user dismissed the question: the
     * turn stops rather than guessing). Empty when the entry cannot be read.
     */
    public static Optional<Verdict> read(JsonNode response) {
        if (response == null || !response.isObject()) {
            return Optional.empty();
        }
        return switch (response.path("action").asText("")) {
            case "decline" -> Optional.of(Verdict.of(ReviewDecision.DENIED));
            case "cancel" -> Optional.of(Verdict.of(ReviewDecision.ABORT));
            case "accept" -> {
                JsonNode decision = response.path("content").get("decision");
                if (decision == null || decision.isNull()) {
                    yield Optional.of(Verdict.of(ReviewDecision.APPROVED));
                }
                yield decision.isTextual()
                        ? ReviewDecision.parse(decision.textValue()).map(Verdict::of)
                        : Optional.empty();
            }
            default -> Optional.empty();
        };
    }
}
