package io.codexquarkus.agent;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.session.Session;
import io.codexquarkus.agent.session.SessionAccess;
import io.codexquarkus.agent.session.TurnContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A front-end's handle on one conversation: submit {@link Op}s, read {@link Event}s. Submission ids are decimal
 * strings from a counter starting at 0, unless the caller picks its own (the MCP server uses the request id).
 */
public final class Codex {
    private final Session session;
    private final AtomicLong nextId = new AtomicLong();

    Codex(Session session) {
        this.session = session;
    }

    public String conversationId() {
        return session.conversationId();
    }

    public Path rolloutPath() {
        return session.rolloutPath();
    }

    public TurnContext turnContext() {
        return session.turnContext();
    }

    /** Queues {@code op} and returns its submission id. */
    public String submit(Op op) {
        String id = Long.toString(nextId.getAndIncrement());
        SessionAccess.submit(session, id, op);
        return id;
    }

    /** Queues {@code op} under a caller-chosen submission id. */
    public void submit(String id, Op op) {
        SessionAccess.submit(session, id, op);
    }

    /** The next event, waiting at most {@code timeout}. */
    public Optional<Event> nextEvent(Duration timeout) throws InterruptedException {
        return SessionAccess.nextEvent(session, timeout);
    }

    public boolean isShutdown() {
        return SessionAccess.isShutdown(session);
    }

    /** Asks the session to shut down and waits (bounded) for its loop to end. */
    public void shutdown(Duration timeout) throws InterruptedException {
        if (!isShutdown()) {
            submit(new Op.Shutdown());
        }
        SessionAccess.awaitTermination(session, timeout);
    }
}
