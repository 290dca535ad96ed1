package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Durations;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.approval.ApprovalService;
import io.codexquarkus.mcp.approval.InputRequests;
import io.codexquarkus.mcp.approval.Verdict;
import io.codexquarkus.mcp.protocol.InputRequiredResult;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.RequestContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.jboss.logging.Logger;

/**
 * The door of a 2026-07-28 call whose client declared elicitation (multi-round-trip requests): an approval the turn
 * waits for answers the call the client waits on with {@code input_required} — one {@code inputRequests} entry per
 * open question ({@link InputRequests}) and a {@code requestState} ({@link RequestStateCodec}) — and parks the turn in
 * its connection's {@link ParkedTurns}. The client's retry (new id, same name and arguments, {@code inputResponses},
 * the state echoed) {@linkplain #resume resumes} it: the retry becomes the request the turn reports to and answers,
 * each answered question is settled, and questions still open are asked again in a fresh {@code input_required}
 * answer to the retry. A turn nobody resumes within the timeout is interrupted.
 *
 * <p>While parked nobody waits on a request of this turn: its {@code codex/event} notifications and progress are
 * dropped (the turn itself waits for the answers, so little happens meanwhile). A question that comes up while parked
 * waits for the next retry and is asked then. Every state change holds this door's lock; the turn's thread, the
 * retry's thread and the timer meet here.
 */
final class InputRequiredDoor implements ApprovalDoor {
    private static final Logger LOG = Logger.getLogger(InputRequiredDoor.class);

    private final ParkedTurns parked;
    private final Duration timeout;
    private final Runnable answered;
    private final Runnable abort;
    private final String threadId;
    private final String callDigest;
    private final Map<String, ApprovalQuestion> pending = new LinkedHashMap<>();
    private RequestCall call;
    private String turnId = "";
    private String toolCallId = "";
    private String nonce; // the round a retry may take now; null when none may
    private ScheduledFuture<?> expiry;
    private boolean ended;

    /**
     * @param timeout how long a parked turn waits for its retry
     * @param answered runs when a question got its answer, before the session is told
     * @param abort interrupts the turn (a parked turn nobody resumed)
     * @param callDigest {@link RequestStateCodec#digest} of the call's tool name and arguments
     */
    InputRequiredDoor(
            ParkedTurns parked,
            Duration timeout,
            Runnable answered,
            Runnable abort,
            String threadId,
            String callDigest) {
        this.parked = parked;
        this.timeout = timeout;
        this.answered = answered;
        this.abort = abort;
        this.threadId = threadId;
        this.callDigest = callDigest;
    }

    /** The call this door's questions belong to and its turn (the submission id); before the turn runs. */
    synchronized void bind(RequestCall call, String turnId) {
        this.call = call;
        this.turnId = turnId;
    }

    String threadId() {
        return threadId;
    }

    synchronized String turnId() {
        return turnId;
    }

    @Override
    public synchronized void ask(ApprovalQuestion question, RequestContext request, String toolCallId) {
        this.toolCallId = toolCallId;
        pending.put(InputRequests.key(question), question);
        if (ended || request.isAnswered() || request.isCancelled()) {
            // parked already (asked at the next retry), or cancelled (the interrupt is on its way)
            return;
        }
        askOrDeny(request);
    }

    /**
     * Asks every open question in {@code request}'s answer, or, when {@code request} (a retry) does not declare
     * elicitation, denies them with the reason the model is told: capabilities hold per request. Returns whether
     * {@code request} was answered (with {@code input_required}).
     */
    private boolean askOrDeny(RequestContext request) {
        if (request.supportsElicitation()) {
            askNow(request);
            return true;
        }
        for (ApprovalQuestion question : List.copyOf(pending.values())) {
            answered.run();
            ApprovalService.settle(question, Verdict.unaskable());
        }
        pending.clear();
        parked.unpark(this);
        return false;
    }

    /** Answers {@code request} with every open question and parks the turn until the retry or the timeout. */
    private void askNow(RequestContext request) {
        String round = RequestStateCodec.nonce();
        long expiresAt = parked.codec().now() + timeout.toMillis();
        RequestState state =
                new RequestState(threadId, turnId, List.copyOf(pending.keySet()), expiresAt, callDigest, round);
        Map<String, JsonNode> inputRequests = new LinkedHashMap<>();
        pending.forEach((key, question) -> inputRequests.put(key, InputRequests.request(question, toolCallId)));
        nonce = round;
        parked.park(this);
        disarm();
        try {
            expiry = request.connection().schedule(() -> expire(round), timeout);
        } catch (RejectedExecutionException e) {
            // the connection is closing: its turns are being interrupted anyway
        }
        LOG.debugf("thread %s turn %s parked on %s until %s", threadId, turnId, state.keys(), state.expiresAtMs());
        request.respond(
                Json.tree(new InputRequiredResult(inputRequests, parked.codec().seal(state))));
    }

    /**
     * Resumes the parked turn with {@code retry}, whose {@code requestState} opened as {@code state}.
     *
     * @throws McpException -32602 when the state was already used or the turn no longer waits for it
     */
    synchronized void resume(RequestContext retry, RequestState state, JsonNode responses) {
        if (ended) {
            throw McpException.invalidParams(ParkedTurns.GONE);
        }
        if (nonce == null || !nonce.equals(state.nonce())) {
            throw McpException.invalidParams("requestState was already used: each input_required answer can be"
                    + " resumed once; answer the latest one");
        }
        nonce = null;
        disarm();
        // the retry is the request the turn answers from now on, before any answer lets the turn go on
        call.attach(retry);
        for (String key : state.keys()) {
            ApprovalQuestion question = pending.get(key);
            JsonNode response = responses == null ? null : responses.get(key);
            if (question == null || response == null) {
                continue;
            }
            pending.remove(key);
            Optional<Verdict> verdict = InputRequests.read(response);
            if (verdict.isEmpty()) {
                LOG.warnf("inputResponses.%s: unreadable answer %s, treating it as denied", key, response);
            }
            answered.run();
            ApprovalService.settle(question, verdict.orElseGet(Verdict::notUnderstood));
        }
        if (!pending.isEmpty() && askOrDeny(retry)) {
            return;
        }
        parked.unpark(this);
        call.progress("the approval was answered; Codex goes on", true);
    }

    /** The parked round {@code round} was not resumed in time: the turn is interrupted. */
    private void expire(String round) {
        synchronized (this) {
            if (!round.equals(nonce)) {
                return;
            }
            nonce = null;
            expiry = null;
            parked.unpark(this);
        }
        LOG.infof(
                "thread %s: no retry answered the input_required result within %s; interrupting the turn",
                threadId, Durations.format(timeout));
        try {
            abort.run();
        } catch (RuntimeException e) {
            LOG.debugf("interrupting thread %s: %s", threadId, e.getMessage());
        }
    }

    @Override
    public synchronized void withdrawAll(String reason) {
        pending.clear();
        nonce = null;
        disarm();
        parked.unpark(this);
    }

    @Override
    public synchronized void ended() {
        ended = true;
        withdrawAll("the turn ended");
    }

    private void disarm() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
