package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.ReviewDecision;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The approvals a session's task waits for, by submission id: the task registers a waiter, the approval op
 * completes it, an abort denies every one still open.
 */
final class ApprovalWaiters {
    private static final Logger LOG = Logger.getLogger(ApprovalWaiters.class);

    private final Map<String, CompletableFuture<ApprovalOutcome>> pending = new ConcurrentHashMap<>();

    /** Registers the waiter for an approval of task {@code subId}; one still open for it is denied. */
    CompletableFuture<ApprovalOutcome> await(String subId) {
        CompletableFuture<ApprovalOutcome> waiter = new CompletableFuture<>();
        CompletableFuture<ApprovalOutcome> previous = pending.put(subId, waiter);
        if (previous != null) {
            previous.complete(ApprovalOutcome.of(ReviewDecision.DENIED));
        }
        return waiter;
    }

    void forget(String subId, CompletableFuture<ApprovalOutcome> waiter) {
        pending.remove(subId, waiter);
    }

    /** The client's decision for {@code id}; an answer nobody waits for is logged and dropped. */
    void answer(String id, ReviewDecision decision, String reason) {
        CompletableFuture<ApprovalOutcome> waiter = pending.remove(id);
        if (waiter == null) {
            LOG.debugf("no pending approval for id %s", id);
            return;
        }
        waiter.complete(new ApprovalOutcome(decision, Optional.ofNullable(reason)));
    }

    /** Denies every open approval with {@code reason} (the turn ended under it). */
    void denyAll(String reason) {
        pending.values().forEach(f -> f.complete(ApprovalOutcome.denied(reason)));
        pending.clear();
    }
}
