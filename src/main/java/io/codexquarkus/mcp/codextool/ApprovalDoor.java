package io.codexquarkus.mcp.codextool;

import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.server.RequestContext;

/**
 * How a call's approval questions reach its client: as {@code elicitation/create} requests (2025 era, {@link
 * ApprovalBridge}), as {@code input_required} answers to the call (2026-07-28, {@link InputRequiredDoor}), or, where
 * the client cannot be asked, not at all (the question counts as denied with a reason the model is told).
 */
interface ApprovalDoor {
    /**
     * Asks {@code question} on behalf of {@code request} (the call the client is waiting on now); the answer goes to
     * the session.
     */
    void ask(ApprovalQuestion question, RequestContext request, String toolCallId);

    /** Withdraws every question still open. */
    void withdrawAll(String reason);

    /** The turn ended (its answer is about to go out): nothing may resume it any more. */
    default void ended() {
        // doors that keep nothing between calls have nothing to close
    }
}
