package io.codexquarkus.mcp.codextool;

import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.approval.ApprovalService;
import io.codexquarkus.mcp.approval.Verdict;
import io.codexquarkus.mcp.server.RequestContext;

/** The door of a client that cannot be asked: every question counts as denied, with a reason the model is told. */
final class Unaskable implements ApprovalDoor {
    private final Runnable answered;

    /** @param answered runs before the denial is submitted (the turn's activity moves on) */
    Unaskable(Runnable answered) {
        this.answered = answered;
    }

    @Override
    public void ask(ApprovalQuestion question, RequestContext request, String toolCallId) {
        answered.run();
        ApprovalService.settle(question, Verdict.unaskable());
    }

    @Override
    public void withdrawAll(String reason) {
        // nothing was sent
    }
}
