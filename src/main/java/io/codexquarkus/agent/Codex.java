package io.codexquarkus.agent;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.session.Session;
import io.codexquarkus.agent.session.TurnContext;
import io.smallrye.mutiny.Multi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A front-end's handle on one conversation: submit {@link Op}s, read its {@link Event}s as a stream. Submission ids
 * are decimal strings from a counter starting at 0, unless the caller picks its own (the MCP server uses the request
 * id).
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
        session.submit(id, op);
        return id;
    }

    /** Queues {@code op} under a caller-chosen submission id. */
    public void submit(String id, Op op) {
        session.submit(id, op);
    }

    /**
     * The conversation's events. Each event is delivered once, to the oldest subscriber still subscribed and only when
     * it requested it: events emitted before anyone subscribed wait, and a subscriber that stops (cancels) leaves the
     * rest to the next. Completes after {@code shutdown_complete}. Read it from a blocking thread with {@link
     * io.codexquarkus.common.StreamCursor}, which requests one event at a time.
     */
    public Multi<Event> events() {
        return Multi.createFrom().publisher(session.events());
    }

    public boolean isShutdown() {
        return session.isShutdown();
    }

    /** Asks the session to shut down and waits (bounded) for its loop to end. */
    public void shutdown(Duration timeout) throws InterruptedException {
        if (!isShutdown()) {
            submit(new Op.Shutdown());
        }
        session.awaitTermination(timeout);
    }
}
