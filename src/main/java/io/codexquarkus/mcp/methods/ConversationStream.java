package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.TurnAbortReason;
import io.codexquarkus.common.Json;
import io.codexquarkus.common.StreamCursor;
import io.codexquarkus.mcp.protocol.ConversationEventNotification;
import io.codexquarkus.mcp.protocol.ConversationResponses;
import io.codexquarkus.mcp.server.McpConnection;
import io.codexquarkus.mcp.server.RequestContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A conversation driven through the conversation API: the single reader of its events. Every event goes to each
 * listener as {@code codex/event/<type>} (params = the event plus {@code conversationId}), approval events become
 * {@code execCommandApproval} / {@code applyPatchApproval} requests (once per listener, as upstream), and {@code
 * turn_aborted} answers the pending {@code interruptConversation} requests. Events that arrive while nobody listens
 * are kept (up to {@value #BACKLOG_LIMIT}) and handed to the first listener, so a client that subscribes right after
 * {@code sendUserMessage} misses nothing.
 */
final class ConversationStream {
    static final int BACKLOG_LIMIT = 10_000;
    /** How long an interrupt waits for {@code turn_aborted} while a turn runs. */
    static final Duration INTERRUPT_WAIT_RUNNING = Duration.ofSeconds(10);
    /** How long an interrupt waits when no turn seems to run: then there is nothing to abort. */
    static final Duration INTERRUPT_WAIT_IDLE = Duration.ofMillis(500);

    private static final Logger LOG = Logger.getLogger(ConversationStream.class);

    private final String conversationId;
    private final Codex codex;
    private final McpConnection connection;
    private final ApprovalRequests approvals;
    private final Set<String> listeners = new LinkedHashSet<>();
    private final ArrayDeque<Event> backlog = new ArrayDeque<>();
    private final List<RequestContext> pendingInterrupts = new ArrayList<>();
    private volatile boolean turnActive;
    private boolean firstEventSeen;
    private StreamCursor<Event> events;
    private Thread pump;

    ConversationStream(String conversationId, Codex codex, McpConnection connection, Duration approvalTimeout) {
        this.conversationId = conversationId;
        this.codex = codex;
        this.connection = connection;
        this.approvals = new ApprovalRequests(connection, approvalTimeout);
    }

    String conversationId() {
        return conversationId;
    }

    Codex codex() {
        return codex;
    }

    synchronized void start() {
        if (pump == null) {
            events = StreamCursor.open(codex.events());
            pump = Thread.ofVirtual()
                    .name("conversation-events-" + conversationId)
                    .start(this::run);
        }
    }

    /** Stops reading (the conversation itself is shut down by its owner). */
    synchronized void stop() {
        if (events != null) {
            events.close();
        }
    }

    /** Waits (bounded) for the reader to end. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        Thread thread = pump;
        if (thread != null) {
            thread.join(timeout);
        }
    }

    /** Adds a listener; the first one also receives what arrived while nobody listened. */
    synchronized void attach(String subscriptionId) {
        listeners.add(subscriptionId);
        if (listeners.size() == 1) {
            while (!backlog.isEmpty()) {
                deliver(backlog.removeFirst());
            }
        }
    }

    synchronized boolean detach(String subscriptionId) {
        return listeners.remove(subscriptionId);
    }

    /** Called after user input was submitted: a turn is (about to be) running. */
    synchronized void turnSubmitted() {
        turnActive = true;
        notifyAll(); // an interrupt waiting the short idle time now waits for the turn
    }

    /**
     * {@code interruptConversation}: submits an interrupt and answers {@code request} when {@code turn_aborted}
     * arrives. When no turn runs there is nothing to abort and no event comes; the request is then answered anyway
     * after a short wait (upstream left it unanswered forever).
     */
    void interrupt(RequestContext request) throws InterruptedException {
        synchronized (this) {
            pendingInterrupts.add(request);
        }
        try {
            codex.submit(new Op.Interrupt());
        } catch (IllegalStateException e) {
            // the conversation has shut down: nothing runs, the wait below answers
            LOG.debugf("interrupt after shutdown of %s: %s", conversationId, e.getMessage());
        }
        long start = System.nanoTime();
        synchronized (this) {
            // woken by dispatch (turn_aborted answers the request, a turn ends) and by the end of the reader
            while (!request.isAnswered()) {
                Duration limit = turnActive ? INTERRUPT_WAIT_RUNNING : INTERRUPT_WAIT_IDLE;
                long left = limit.toNanos() - (System.nanoTime() - start);
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            pendingInterrupts.remove(request);
        }
        request.respond(interruptResult(TurnAbortReason.INTERRUPTED));
    }

    private static JsonNode interruptResult(TurnAbortReason reason) {
        return Json.tree(new ConversationResponses.InterruptConversationResponse(reason.wire()));
    }

    /** Reads until the conversation's stream completes (after its shutdown) or {@link #stop()} closes it. */
    private void run() {
        try {
            for (Optional<Event> next = events.next(); next.isPresent(); next = events.next()) {
                dispatch(next.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "event reader of conversation %s failed", conversationId);
        } finally {
            synchronized (this) {
                turnActive = false;
                notifyAll();
            }
        }
    }

    private synchronized void dispatch(Event event) {
        EventMsg msg = event.msg();
        boolean first = !firstEventSeen;
        firstEventSeen = true;
        if (first && msg instanceof EventMsg.SessionConfigured) {
            // answered by newConversation / resumeConversation themselves, as upstream's manager consumed it
            return;
        }
        switch (msg) {
            case EventMsg.TaskStarted started -> turnActive = true;
            case EventMsg.TaskComplete complete -> turnActive = false;
            case EventMsg.TurnAborted aborted -> turnActive = false;
            default -> {
                // no change of turn state
            }
        }
        notifyAll(); // an interrupt waiting for the turn to end may stop waiting
        if (listeners.isEmpty()) {
            if (backlog.size() >= BACKLOG_LIMIT) {
                backlog.removeFirst();
                LOG.warnf("conversation %s: no listener, dropping its oldest unread event", conversationId);
            }
            backlog.addLast(event);
        } else {
            for (int i = 0; i < listeners.size(); i++) {
                deliver(event);
            }
        }
        if (msg instanceof EventMsg.TurnAborted aborted) {
            approvals.withdrawAll("the turn was interrupted");
            JsonNode result = interruptResult(aborted.reason());
            for (RequestContext request : pendingInterrupts) {
                request.respond(result);
            }
            pendingInterrupts.clear();
        }
    }

    /** One listener's copy of an event. */
    private void deliver(Event event) {
        connection.notify(
                "codex/event/" + event.msg().type(),
                Json.tree(new ConversationEventNotification(event.id(), event.msg(), conversationId)));
        switch (event.msg()) {
            case EventMsg.ExecApprovalRequest exec -> approvals.exec(conversationId, codex, event, exec);
            case EventMsg.ApplyPatchApprovalRequest patch -> approvals.patch(conversationId, codex, event, patch);
            default -> {
                // notification only
            }
        }
    }
}
