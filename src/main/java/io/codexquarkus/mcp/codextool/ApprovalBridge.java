package io.codexquarkus.mcp.codextool;

import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.mcp.approval.ApprovalForm;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.approval.ApprovalService;
import io.codexquarkus.mcp.approval.Verdict;
import io.codexquarkus.mcp.server.McpConnection;
import java.time.Duration;

/**
 * The {@code codex} tool's front door to the {@link ApprovalService}: each approval request of the turn becomes an
 * {@code elicitation/create} worded by {@link ApprovalForm}. A client without the elicitation capability cannot be
 * asked; its questions count as denied with a reason the model is told.
 */
final class ApprovalBridge {
    private static final String METHOD = "elicitation/create";

    private final McpConnection connection;
    private final ApprovalService service;
    private final Runnable answered;

    /** @param answered runs when a question got its answer (or counts as denied), before the decision is submitted */
    ApprovalBridge(McpConnection connection, Duration timeout, Runnable answered) {
        this.connection = connection;
        this.service = new ApprovalService(connection, timeout);
        this.answered = answered;
    }

    void exec(Codex codex, String toolCallId, Event event, EventMsg.ExecApprovalRequest request) {
        ask(new ApprovalQuestion.Exec(codex.conversationId(), codex::submit, event, request), toolCallId);
    }

    void patch(Codex codex, String toolCallId, Event event, EventMsg.ApplyPatchApprovalRequest request) {
        ask(new ApprovalQuestion.Patch(codex.conversationId(), codex::submit, event, request), toolCallId);
    }

    private void ask(ApprovalQuestion question, String toolCallId) {
        if (!connection.supportsElicitation()) {
            answered.run();
            ApprovalService.settle(question, Verdict.unaskable());
            return;
        }
        service.ask(
                question,
                new ApprovalService.ClientRequest(
                        METHOD, ApprovalForm.params(question, toolCallId, connection.protocolVersion())),
                answered);
    }

    /** Withdraws every question still open (the turn ended without them), so clients can close their dialogs. */
    void withdrawAll(String reason) {
        service.withdrawAll(reason);
    }
}
