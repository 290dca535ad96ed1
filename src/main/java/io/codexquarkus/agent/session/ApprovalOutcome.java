package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.ReviewDecision;
import java.util.Optional;

/**
 * The answer to an approval request: the decision, and for denials nobody chose (timeout, client error, interrupt)
 * a reason the model is told.
 */
public record ApprovalOutcome(ReviewDecision decision, Optional<String> reason) {
    public static ApprovalOutcome of(ReviewDecision decision) {
        return new ApprovalOutcome(decision, Optional.empty());
    }

    public static ApprovalOutcome denied(String reason) {
        return new ApprovalOutcome(ReviewDecision.DENIED, Optional.of(reason));
    }
}
