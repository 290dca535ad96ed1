package io.codexquarkus.mcp.approval;

import io.codexquarkus.agent.ClientCommands;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.common.Shlex;
import io.codexquarkus.mcp.protocol.ApprovalElicitation;
import io.codexquarkus.mcp.protocol.ElicitationSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An approval question as an elicitation: a one-line message and a {@code requestedSchema} whose form a generic MCP
 * client can render, followed by Codex's own {@code codex_*} payload. Any front door that asks through an elicitation
 * (a server→client {@code elicitation/create}, or one embedded in a result) words it here.
 *
 * <p>The form has an optional {@code decision} choice (approve once, for the session, deny, deny and stop) and, where
 * the protocol version lets string fields carry a {@code default} (2025-11-25 on), read-only context fields. Nothing
 * is required, so an {@code accept} with empty content stays "approve once" for every client that answers that way.
 */
public final class ApprovalForm {
    /** The first protocol version with titled single-select enums ({@code oneOf}) and defaults on string fields. */
    static final String TITLED_ENUMS_SINCE = "2025-11-25";

    private static final String INFORMATIONAL = "For information only: what you enter here is ignored.";
    private static final String DECISION_TITLE = "Decision";
    private static final String DECISION_DESCRIPTION = "What Codex may do. Submitting without a choice approves once.";

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
     * The elicitation params for {@code question}, asked on behalf of the tool call {@code toolCallId} of a client
     * speaking {@code protocolVersion}.
     */
    public static ApprovalElicitation params(ApprovalQuestion question, String toolCallId, String protocolVersion) {
        String threadId = question.threadId();
        String eventId = question.event().id();
        return switch (question) {
            case ApprovalQuestion.Exec exec -> {
                var request = exec.request();
                String command = Shlex.join(request.command());
                String message = message(
                        "Allow Codex to run `" + command + "` in `" + request.cwd() + "`?",
                        request.reason(),
                        "the approval policy asks before commands it does not know to be safe");
                Map<String, String> context = new LinkedHashMap<>();
                context.put("command", command);
                context.put("cwd", request.cwd());
                context.put("reason", request.reason());
                yield new ApprovalElicitation.Exec(
                        message,
                        schema(protocolVersion, context),
                        threadId,
                        "exec-approval",
                        toolCallId,
                        eventId,
                        request.callId(),
                        request.command(),
                        request.cwd(),
                        ClientCommands.parsedCommand(request.command()));
            }
            case ApprovalQuestion.Patch patch -> {
                var request = patch.request();
                String files = String.join(", ", request.changes().keySet());
                String target = request.changes().size() == 1
                        ? "`" + files + "`"
                        : request.changes().size() + " files";
                String grant = request.grantRoot() == null ? "" : " with write access to `" + request.grantRoot() + "`";
                String message = message(
                        "Allow Codex to apply proposed code changes to " + target + grant + "?",
                        request.reason(),
                        "the approval policy asks before Codex changes files");
                Map<String, String> context = new LinkedHashMap<>();
                context.put("files", files);
                context.put("grant_root", request.grantRoot());
                context.put("reason", request.reason());
                yield new ApprovalElicitation.Patch(
                        message,
                        schema(protocolVersion, context),
                        threadId,
                        "patch-approval",
                        toolCallId,
                        eventId,
                        request.callId(),
                        request.reason(),
                        request.grantRoot(),
                        Json.tree(request.changes()));
            }
        };
    }

    /**
     * The requested schema for {@code protocolVersion}; {@code context} maps field names to the informational values
     * shown (null values are left out).
     */
    static ElicitationSchema schema(String protocolVersion, Map<String, String> context) {
        boolean titled = protocolVersion.compareTo(TITLED_ENUMS_SINCE) >= 0; // versions are ISO dates
        Map<String, ElicitationSchema.Field> properties = new LinkedHashMap<>();
        if (titled) {
            List<ElicitationSchema.Choice> oneOf = new ArrayList<>();
            CHOICES.forEach((value, name) -> oneOf.add(new ElicitationSchema.Choice(value.wire(), name)));
            properties.put(
                    "decision",
                    new ElicitationSchema.Field(
                            "string",
                            DECISION_TITLE,
                            DECISION_DESCRIPTION,
                            oneOf,
                            null,
                            null,
                            ReviewDecision.APPROVED.wire()));
            context.forEach((name, value) -> {
                if (value != null) {
                    properties.put(
                            name,
                            new ElicitationSchema.Field("string", title(name), INFORMATIONAL, null, null, null, value));
                }
            });
        } else {
            // 2025-06-18 knows only enum + enumNames and no default on string fields
            List<String> values = new ArrayList<>();
            List<String> names = new ArrayList<>();
            CHOICES.forEach((value, name) -> {
                values.add(value.wire());
                names.add(name);
            });
            properties.put(
                    "decision",
                    new ElicitationSchema.Field(
                            "string", DECISION_TITLE, DECISION_DESCRIPTION, null, values, names, null));
        }
        return new ElicitationSchema(properties);
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
