package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.Event;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Flow;
import org.jboss.logging.Logger;

/**
 * The events of one session as a stream that several readers take turns on. Events wait here until a reader asks for
 * them, so none emitted before the first reader is lost; each event goes to exactly one reader, the oldest one still
 * subscribed, and only when that reader requested it, so a reader that stops (a {@code codex} call whose turn ended)
 * leaves the rest to the next one (the {@code codex-reply} call after it). After the end (the session shut down) every
 * reader completes once the remaining events are taken.
 *
 * <p>Events are handed over on the thread that emitted them or that requested them; readers only store them.
 */
final class EventLog implements Flow.Publisher<Event> {
    private static final Logger LOG = Logger.getLogger(EventLog.class);

    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private final ArrayDeque<Reader> readers = new ArrayDeque<>();
    private boolean ended;
    /** Someone is handing out events; others only update the state, the drainer sees it before it stops. */
    private boolean draining;

    /** Adds an event for the readers. */
    void push(Event event) {
        synchronized (this) {
            if (ended) {
                LOG.debugf(
                        "event after the end of the session dropped: %s",
                        event.msg().type());
                return;
            }
            pending.addLast(event);
        }
        drain();
    }

    /** No more events: readers complete after the ones still pending. */
    void end() {
        synchronized (this) {
            ended = true;
        }
        drain();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Event> subscriber) {
        Reader reader = new Reader(subscriber);
        // in line only after onSubscribe returned: no signal may precede it
        subscriber.onSubscribe(reader);
        synchronized (this) {
            if (!reader.cancelled) {
                readers.addLast(reader);
            }
        }
        drain();
    }

    private void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Reader target = null;
            Event next = null;
            List<Reader> completed = List.of();
            synchronized (this) {
                Reader head = readers.peekFirst();
                if (head != null && head.requested > 0 && !pending.isEmpty()) {
                    target = head;
                    next = pending.pollFirst();
                    head.requested--;
                } else if (ended && pending.isEmpty() && !readers.isEmpty()) {
                    completed = List.copyOf(readers);
                    readers.clear();
                } else {
                    draining = false;
                    return;
                }
            }
            // outside the lock: a reader may request again or cancel from its callback
            if (target != null) {
                target.subscriber.onNext(next);
            }
            completed.forEach(reader -> reader.subscriber.onComplete());
        }
    }

    private final class Reader implements Flow.Subscription {
        private final Flow.Subscriber<? super Event> subscriber;
        /** Guarded by the log. */
        private long requested;
        /** Guarded by the log. */
        private boolean cancelled;

        Reader(Flow.Subscriber<? super Event> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("request must be positive: " + n));
                return;
            }
            synchronized (EventLog.this) {
                if (cancelled) {
                    return;
                }
                requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
            }
            drain();
        }

        @Override
        public void cancel() {
            boolean wasHead;
            synchronized (EventLog.this) {
                cancelled = true;
                wasHead = readers.peekFirst() == this;
                readers.remove(this);
            }
            if (wasHead) {
                drain(); // the next reader in line may now be served
            }
        }
    }
}
