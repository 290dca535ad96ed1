package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The human side of an approval elicitation: a one-line message and a {@code requestedSchema} whose form a generic
 * MCP client can render. Codex's own {@code codex_*} payload is left to {@link ApprovalBridge}; this only decides
 * what a person reading the dialog sees.
 *
 * <p>The form has an optional {@code decision} choice (approve once, for the session, deny, deny and stop) and, where
 * the protocol version lets string fields carry a {@code default} (2025-11-25 on), read-only context fields. Nothing
 * is required, so an {@code accept} with empty content stays "approve once" for every client that answers that way.
 */
final class ApprovalForm {
    /** The first protocol version with titled single-select enums ({@code oneOf}) and defaults on string fields. */
    static final String TITLED_ENUMS_SINCE = "2025-11-25";

    private static final String INFORMATIONAL = "For information only: what you enter here is ignored.";

    // insertion order is the order the client lists the choices in; the first is the default
    private static final Map<ReviewDecision, String> CHOICES = choices();

    private ApprovalForm() {}

    private static Map<ReviewDecision, String> choices() {
        Map<ReviewDecision, String> choices = new LinkedHashMap<>();
        for (ReviewDecision decision : ReviewDecision.values()) {
            choices.put(
                    decision,
                    switch (decision) {
                        case APPROVED -> "Approve once";
                        case APPROVED_FOR_SESSION -> "Approve for this session";
                        case DENIED -> "Deny";
                        case ABORT -> "Deny and stop the turn";
                    });
        }
        return choices;
    }

    /**
     * The requested schema for {@code protocolVersion}; {@code context} maps field names to the informational values
     * shown (null values are left out).
     */
    static ObjectNode schema(String protocolVersion, Map<String, String> context) {
        boolean titled = protocolVersion.compareTo(TITLED_ENUMS_SINCE) >= 0; // versions are ISO dates
        ObjectNode schema = Json.MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ObjectNode decision = properties.putObject("decision");
        decision.put("type", "string");
        decision.put("title", "Decision");
        decision.put("description", "What Codex may do. Submitting without a choice approves once.");
        if (titled) {
            ArrayNode oneOf = decision.putArray("oneOf");
            CHOICES.forEach((value, title) ->
                    oneOf.addObject().put("const", value.wire()).put("title", title));
            decision.put("default", ReviewDecision.APPROVED.wire());
        } else {
            // 2025-06-18 knows only enum + enumNames and no default on string fields
            ArrayNode values = decision.putArray("enum");
            ArrayNode names = decision.putArray("enumNames");
            CHOICES.forEach((value, title) -> {
                values.add(value.wire());
                names.add(title);
            });
        }
        if (titled) {
            context.forEach((name, value) -> {
                if (value != null) {
                    ObjectNode field = properties.putObject(name);
                    field.put("type", "string");
                    field.put("title", title(name));
                    field.put("description", INFORMATIONAL);
                    field.put("default", value);
                }
            });
        }
        return schema;
    }

    private static String title(String name) {
        return switch (name) {
            case "command" -> "Command";
            case "cwd" -> "Working directory";
            case "reason" -> "Reason";
            case "files" -> "Files";
            case "grant_root" -> "Write access requested for";
            default -> name;
        };
    }

    /**
     * The dialog's one line: the question (what runs, where) and why it needs approval. Line breaks in a reason or
     * path become spaces so that clients showing only the first line still show all of it.
     */
    static String message(String question, String reason, String fallbackReason) {
        String why = reason == null || reason.isBlank() ? fallbackReason : reason.strip();
        String line = question + " Reason: " + why + (why.matches(".*[.?!]$") ? "" : ".");
        return line.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
