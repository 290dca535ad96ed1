package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.Op;
import java.time.Duration;
import java.util.Optional;

/** The operations of {@link Session} that the agent's public facade uses; nothing else reaches them. */
public final class SessionAccess {
    private SessionAccess() {}

    public static void submit(Session session, String id, Op op) {
        session.submit(id, op);
    }

    public static Optional<Event> nextEvent(Session session, Duration timeout) throws InterruptedException {
        return session.nextEvent(timeout);
    }

    public static boolean isShutdown(Session session) {
        return session.isShutdown();
    }

    public static boolean awaitTermination(Session session, Duration timeout) throws InterruptedException {
        return session.awaitTermination(timeout);
    }
}
