package io.codexquarkus.mcp.approval;

import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.server.McpConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The one place where an approval question meets its answer, whatever front door put it to the client. It sends a
 * worded question as a server→client request and waits at most the configured timeout, reads the reply ({@link
 * Verdict#read}), withdraws what is still open when the turn ends, and hands the verdict to the session exactly the
 * same way for every door, logging (once, in one wording) an answer the session no longer takes.
 *
 * <p>A front door only words questions ({@link ClientRequest}). A door that does not send requests (an answer that
 * comes back with a later call) needs only {@link Verdict#read} and {@link #settle}.
 */
public final class ApprovalService {
    private static final Logger LOG = Logger.getLogger(ApprovalService.class);

    private final McpConnection connection;
    private final Duration timeout;
    private final Set<McpConnection.OutboundRequest> open = ConcurrentHashMap.newKeySet();

    /** @param timeout how long a question waits for its answer before it counts as denied */
    public ApprovalService(McpConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    /** A question as one front door words it: the request's method and params. */
    public record ClientRequest(String method, Object params) {}

    /**
     * Sends {@code request} for {@code question} and answers the session when the reply, an error or the timeout
     * comes.
     *
     * @param answered runs when the question got its answer (or counts as denied), before the session is told
     */
    public void ask(ApprovalQuestion question, ClientRequest request, Runnable answered) {
        McpConnection.OutboundRequest sent = connection.send(request.method(), Json.tree(request.params()), timeout);
        open.add(sent);
        var unused = sent.response().whenComplete((reply, failure) -> {
            open.remove(sent);
            answered.run();
            if (failure != null) {
                settle(question, Verdict.failed(failure, timeout));
                return;
            }
            Optional<Verdict> verdict = Verdict.read(reply);
            if (verdict.isEmpty()) {
                LOG.warnf("%s: unreadable answer %s, treating it as denied", request.method(), reply);
            }
            settle(question, verdict.orElseGet(Verdict::notUnderstood));
        });
    }

    /** Withdraws every question still open (the turn ended without them), so clients can close their dialogs. */
    public void withdrawAll(String reason) {
        for (McpConnection.OutboundRequest request : List.copyOf(open)) {
            connection.withdraw(request, reason);
        }
    }

    /** Hands {@code verdict} to the session that asked; an answer after the session ended is logged and dropped. */
    public static void settle(ApprovalQuestion question, Verdict verdict) {
        try {
            question.session().accept(question.answer(verdict));
        } catch (IllegalStateException e) {
            LOG.debugf(
                    "approval answer for call %s came after its conversation ended, ignored: %s",
                    question.callId(), e.getMessage());
        }
    }
}
