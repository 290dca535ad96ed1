package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.server.McpConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The conversation API's approval requests: {@code execCommandApproval} and {@code applyPatchApproval}, server→client
 * requests whose params are snake_case (upstream never renamed them). The client's {@code {"decision":…}} becomes the
 * approval op; an unparseable answer, an error reply or no answer within the timeout count as denied.
 */
final class ApprovalRequests {
    static final String EXEC_METHOD = "execCommandApproval";
    static final String PATCH_METHOD = "applyPatchApproval";
    private static final Logger LOG = Logger.getLogger(ApprovalRequests.class);

    private final McpConnection connection;
    private final Duration timeout;

    ApprovalRequests(McpConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    void exec(String conversationId, Codex codex, Event event, EventMsg.ExecApprovalRequest request) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        params.put("conversation_id", conversationId);
        params.put("call_id", request.callId());
        params.set("command", Json.tree(request.command()));
        params.put("cwd", request.cwd());
        if (request.reason() != null) {
            params.put("reason", request.reason());
        }
        ask(
                EXEC_METHOD,
                params,
                (decision, reason) -> submit(codex, new Op.ExecApproval(event.id(), decision, reason)));
    }

    void patch(String conversationId, Codex codex, Event event, EventMsg.ApplyPatchApprovalRequest request) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        params.put("conversation_id", conversationId);
        params.put("call_id", request.callId());
        params.set("file_changes", Json.tree(request.changes()));
        if (request.reason() != null) {
            params.put("reason", request.reason());
        }
        if (request.grantRoot() != null) {
            params.put("grant_root", request.grantRoot());
        }
        ask(
                PATCH_METHOD,
                params,
                (decision, reason) -> submit(codex, new Op.PatchApproval(event.id(), decision, reason)));
    }

    private void ask(String method, ObjectNode params, BiConsumer<ReviewDecision, String> answer) {
        var unused = connection.request(method, params, timeout).whenComplete((result, failure) -> {
            if (failure != null) {
                answer.accept(ReviewDecision.DENIED, failureReason(failure));
                return;
            }
            Optional<ReviewDecision> decision = decision(result);
            if (decision.isPresent()) {
                answer.accept(decision.get(), null);
            } else {
                LOG.warnf("%s: unparseable answer %s, treating it as denied", method, result);
                answer.accept(ReviewDecision.DENIED, "the approval answer was not understood");
            }
        });
    }

    /** {@code {"decision":"approved"|"approved_for_session"|"denied"|"abort"}}; anything else is empty. */
    static Optional<ReviewDecision> decision(JsonNode result) {
        String action = result == null ? "" : result.path("action").asText("");
        if (action.equals("decline") || action.equals("cancel")) {
            // an MCP-style refusal in the same reply wins over a decision field
            return Optional.of(ReviewDecision.DENIED);
        }
        JsonNode decision = result == null ? null : result.get("decision");
        if (decision == null || !decision.isTextual()) {
            return Optional.empty();
        }
        return ReviewDecision.parse(decision.textValue());
    }

    private static void submit(Codex codex, Op op) {
        try {
            codex.submit(op);
        } catch (IllegalStateException e) {
            LOG.debugf("approval answer after the conversation ended: %s", e.getMessage());
        }
    }

    private String failureReason(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer to the approval request within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof CancellationException) {
            return "the approval request was cancelled";
        }
        return "the client answered the approval request with an error: " + cause.getMessage();
    }
}
