package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.ClientCommands;
import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Durations;
import io.codexquarkus.common.Json;
import io.codexquarkus.common.Shlex;
import io.codexquarkus.mcp.server.McpConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a session's approval requests into {@code elicitation/create} requests with Codex's exact payload (plus a
 * readable message and form, see {@link ApprovalForm}), and the client's answer back into an approval op. Both answer shapes work ({@code {decision}} and MCP's {@code {action}});
 * an error reply, no reply within the timeout, or a client without the elicitation capability count as denied, with a
 * reason the model is told.
 */
final class ApprovalBridge {
    private final McpConnection connection;
    private final Duration timeout;
    private final java.util.Set<McpConnection.OutboundRequest> outstanding =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Runnable answered;

    /** @param answered runs when a question got its answer (or counts as denied), before the decision is submitted */
    ApprovalBridge(McpConnection connection, Duration timeout, Runnable answered) {
        this.connection = connection;
        this.timeout = timeout;
        this.answered = answered;
    }

    void exec(Codex codex, String toolCallId, Event event, EventMsg.ExecApprovalRequest request) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        String command = Shlex.join(request.command());
        params.put(
                "message",
                ApprovalForm.message(
                        "Allow Codex to run `" + command + "` in `" + request.cwd() + "`?",
                        request.reason(),
                        "the approval policy asks before commands it does not know to be safe"));
        Map<String, String> context = new LinkedHashMap<>();
        context.put("command", command);
        context.put("cwd", request.cwd());
        context.put("reason", request.reason());
        common(params, codex, toolCallId, event, request.callId(), "exec-approval", context);
        params.set("codex_command", Json.tree(request.command()));
        params.put("codex_cwd", request.cwd());
        params.set("codex_parsed_cmd", ClientCommands.parsedCommand(request.command()));
        ask(params, answer -> codex.submit(new Op.ExecApproval(event.id(), answer.decision(), answer.reason())));
    }

    void patch(Codex codex, String toolCallId, Event event, EventMsg.ApplyPatchApprovalRequest request) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        String files = String.join(", ", request.changes().keySet());
        String target = request.changes().size() == 1
                ? "`" + files + "`"
                : request.changes().size() + " files";
        String grant = request.grantRoot() == null ? "" : " with write access to `" + request.grantRoot() + "`";
        params.put(
                "message",
                ApprovalForm.message(
                        "Allow Codex to apply proposed code changes to " + target + grant + "?",
                        request.reason(),
                        "the approval policy asks before Codex changes files"));
        Map<String, String> context = new LinkedHashMap<>();
        context.put("files", files);
        context.put("grant_root", request.grantRoot());
        context.put("reason", request.reason());
        common(params, codex, toolCallId, event, request.callId(), "patch-approval", context);
        if (request.reason() != null) {
            params.put("codex_reason", request.reason());
        }
        if (request.grantRoot() != null) {
            params.put("codex_grant_root", request.grantRoot());
        }
        params.set("codex_changes", Json.tree(request.changes()));
        ask(params, answer -> codex.submit(new Op.PatchApproval(event.id(), answer.decision(), answer.reason())));
    }

    private void common(
            ObjectNode params,
            Codex codex,
            String toolCallId,
            Event event,
            String callId,
            String kind,
            Map<String, String> context) {
        params.set("requestedSchema", ApprovalForm.schema(connection.protocolVersion(), context));
        params.put("threadId", codex.conversationId());
        params.put("codex_elicitation", kind);
        params.put("codex_mcp_tool_call_id", toolCallId);
        params.put("codex_event_id", event.id());
        params.put("codex_call_id", callId);
    }

    /** The decision and, for denials nobody made, why. */
    record Answer(ReviewDecision decision, String reason) {}

    private void ask(ObjectNode params, java.util.function.Consumer<Answer> submit) {
        if (!connection.supportsElicitation()) {
            answered.run();
            submit.accept(new Answer(
                    ReviewDecision.DENIED,
                    "approval required, but the MCP client cannot be asked (it declared no elicitation capability)"));
            return;
        }
        McpConnection.OutboundRequest request = connection.send("elicitation/create", params, timeout);
        outstanding.add(request);
        var unused = request.response().whenComplete((result, failure) -> {
            outstanding.remove(request);
            answered.run();
            if (failure == null) {
                submit.accept(decide(result));
            } else {
                submit.accept(new Answer(ReviewDecision.DENIED, failureReason(failure)));
            }
        });
    }

    /** Withdraws every question still open (the turn ended without them), so clients can close their dialogs. */
    void withdrawAll(String reason) {
        for (McpConnection.OutboundRequest request : java.util.List.copyOf(outstanding)) {
            connection.withdraw(request, reason);
        }
    }

    /** Reads either answer shape; anything else is a denial. */
    static Answer decide(JsonNode result) {
        if (result == null || !result.isObject()) {
            return new Answer(ReviewDecision.DENIED, "the approval answer was not understood");
        }
        String action = result.path("action").asText("");
        if (action.equals("decline") || action.equals("cancel")) {
            // the user's refusal in MCP's own field wins over any decision a client also put in the reply
            return new Answer(
                    ReviewDecision.DENIED, action.equals("cancel") ? "the user dismissed the approval request" : null);
        }
        Optional<ReviewDecision> decision = textOf(result.get("decision"))
                .or(() -> textOf(result.path("content").get("decision")))
                .flatMap(ReviewDecision::parse);
        if (decision.isPresent()) {
            return new Answer(decision.get(), null);
        }
        return action.equals("accept")
                ? new Answer(ReviewDecision.APPROVED, null)
                : new Answer(ReviewDecision.DENIED, "the approval answer was not understood");
    }

    private static Optional<String> textOf(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    private String failureReason(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer to the approval request within " + Durations.format(timeout);
        }
        if (cause instanceof CancellationException) {
            return "the approval request was cancelled";
        }
        return "the MCP client answered the approval request with an error: " + cause.getMessage();
    }
}
