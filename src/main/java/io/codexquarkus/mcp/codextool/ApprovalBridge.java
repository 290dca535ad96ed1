package io.codexquarkus.mcp.codextool;

import io.codexquarkus.mcp.approval.ApprovalForm;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.approval.ApprovalService;
import io.codexquarkus.mcp.approval.Verdict;
import io.codexquarkus.mcp.server.McpConnection;
import io.codexquarkus.mcp.server.RequestContext;
import java.time.Duration;

/**
 * The {@code codex} tool's front door to the {@link ApprovalService}: each approval request of the turn becomes an
 * {@code elicitation/create} worded by {@link ApprovalForm}. A client without the elicitation capability cannot be
 * asked; its questions count as denied with a reason the model is told.
 */
final class ApprovalBridge implements ApprovalDoor {
    private static final String METHOD = "elicitation/create";

    private final ApprovalService service;
    private final Runnable answered;

    /** @param answered runs when a question got its answer (or counts as denied), before the decision is submitted */
    ApprovalBridge(McpConnection connection, Duration timeout, Runnable answered) {
        this.service = new ApprovalService(connection, timeout);
        this.answered = answered;
    }

    @Override
    public void ask(ApprovalQuestion question, RequestContext request, String toolCallId) {
        if (!request.supportsElicitation()) {
            answered.run();
            ApprovalService.settle(question, Verdict.unaskable());
            return;
        }
        service.ask(
                question,
                new ApprovalService.ClientRequest(
                        METHOD, ApprovalForm.params(question, toolCallId, request.protocolVersion())),
                answered);
    }

    /** Withdraws every question still open (the turn ended without them), so clients can close their dialogs. */
    @Override
    public void withdrawAll(String reason) {
        service.withdrawAll(reason);
    }
}
