package io.codexquarkus.common;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads a stream (a Mutiny {@code Multi} or any {@link Flow.Publisher}) one item at a time from a blocking, usually
 * virtual, thread. It asks the stream for exactly one item per {@link #next()}, never ahead: a reader that stops early
 * (the turn it waited for ended) leaves every later item to the next reader of the same stream. {@link #close()}
 * cancels the subscription and wakes a waiting {@code next()}, so closing is how a read is cancelled (an item already
 * on its way to a cursor closed while waiting is dropped: close after the last item you wanted, not during a wait,
 * when later readers must see everything).
 */
public final class StreamCursor<T> implements Flow.Subscriber<T>, AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Flow.Subscription subscription;
    private T item;
    private boolean requested;
    private boolean ended;
    private Throwable failure;

    private StreamCursor() {}

    /** Subscribes to {@code source}; nothing is requested until the first {@link #next()}. */
    public static <T> StreamCursor<T> open(Flow.Publisher<T> source) {
        StreamCursor<T> cursor = new StreamCursor<>();
        source.subscribe(cursor);
        return cursor;
    }

    /**
     * The next item, waiting as long as it takes; empty once the stream completed or the cursor was closed.
     *
     * @throws StreamFailedException when the stream failed
     */
    public Optional<T> next() throws InterruptedException {
        return await(Long.MAX_VALUE);
    }

    /**
     * The next item if it comes within {@code timeout}; empty at the end of the stream or when none came in time (the
     * item asked for is then kept for the next call, not lost). For tests that check that nothing arrives.
     */
    public Optional<T> next(Duration timeout) throws InterruptedException {
        return await(System.nanoTime() + timeout.toNanos());
    }

    private Optional<T> await(long deadline) throws InterruptedException {
        Flow.Subscription toRequest = null;
        lock.lock();
        try {
            if (item == null && !ended && !requested) {
                requested = true;
                toRequest = subscription;
            }
        } finally {
            lock.unlock();
        }
        if (toRequest != null) {
            // outside the lock: the source may deliver on this very thread
            toRequest.request(1);
        }
        lock.lock();
        try {
            while (item == null && !ended) {
                if (deadline == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return Optional.empty();
                    }
                    changed.awaitNanos(left);
                }
            }
            if (item != null) {
                T next = item;
                item = null;
                return Optional.of(next);
            }
            if (failure != null) {
                throw new StreamFailedException(failure);
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Cancels the subscription; a waiting {@link #next()} returns empty. Items not asked for stay in the source. */
    @Override
    public void close() {
        Flow.Subscription current;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            current = subscription;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        boolean request;
        lock.lock();
        try {
            cancel = subscription != null || ended;
            if (!cancel) {
                subscription = s;
            }
            request = requested && !cancel;
        } finally {
            lock.unlock();
        }
        if (cancel) {
            s.cancel();
        } else if (request) {
            s.request(1);
        }
    }

    @Override
    public void onNext(T value) {
        lock.lock();
        try {
            if (!ended) {
                item = value;
                requested = false;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable error) {
        lock.lock();
        try {
            if (!ended) {
                failure = error;
                ended = true;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onComplete() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stream ended with a failure; its cause is the stream's. */
    public static final class StreamFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamFailedException(Throwable cause) {
            super("stream failed: " + cause.getMessage(), cause);
        }
    }
}
