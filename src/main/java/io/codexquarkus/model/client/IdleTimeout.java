package io.codexquarkus.model.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.AbstractMultiOperator;
import io.smallrye.mutiny.operators.multi.MultiOperatorProcessor;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails a stream with {@code idle timeout waiting for SSE} when no item arrives for {@code stream_idle_timeout_ms}
 * while items are wanted, cancelling the upstream (which closes the HTTP connection). The clock starts at
 * subscription, so a server that never answers is caught too. Time spent with no outstanding demand (a consumer busy
 * with an earlier event) does not count.
 *
 * <p>Unlike a per-item timer, each item costs one clock read: one scheduled check per stream re-arms itself for the
 * remaining time. A small state machine keeps the timer's failure from overlapping an item being delivered.
 *
 * <p>Cancelling (downstream, or by the timer) before the first item does not cancel the REST client's stream at once:
 * its {@code MultiInvoker} cannot abort a request whose response has not started (it closes the connection when the
 * response arrives) and would report the request's late failure as a dropped exception. The operator detaches
 * instead: nothing more reaches the downstream, and the upstream is cancelled quietly at its first item, which closes
 * the connection, or simply ends.
 */
final class IdleTimeout<T> extends AbstractMultiOperator<T, T> {
    private final long timeoutNanos;
    private final ScheduledExecutorService scheduler;
    private volatile boolean started;

    IdleTimeout(Multi<T> upstream, Duration timeout, ScheduledExecutorService scheduler) {
        super(upstream);
        this.timeoutNanos = Math.max(1, timeout.toNanos());
        this.scheduler = scheduler;
    }

    /** At least one item came through: the server accepted the request and started streaming. */
    boolean started() {
        return started;
    }

    @Override
    public void subscribe(MultiSubscriber<? super T> downstream) {
        upstream.subscribe().withSubscriber(new Watch(downstream));
    }

    private final class Watch extends MultiOperatorProcessor<T, T> implements Runnable {
        private static final int IDLE = 0;
        private static final int EMITTING = 1;
        private static final int DONE = 2;

        private final AtomicInteger state = new AtomicInteger(IDLE);
        private final AtomicInteger detachedItems = new AtomicInteger();
        private volatile boolean detached;
        private final AtomicLong demand = new AtomicLong();
        private volatile long lastActivity = System.nanoTime();
        private volatile ScheduledFuture<?> timer;

        Watch(MultiSubscriber<? super T> downstream) {
            super(downstream);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            lastActivity = System.nanoTime();
            super.onSubscribe(subscription);
            schedule(timeoutNanos);
        }

        @Override
        public void request(long n) {
            if (n > 0) {
                long before = demand.getAndAccumulate(n, (current, add) -> {
                    long sum = current + add;
                    return sum < 0 ? Long.MAX_VALUE : sum;
                });
                if (before == 0) {
                    lastActivity = System.nanoTime();
                }
            }
            super.request(n);
        }

        @Override
        public void onItem(T item) {
            if (!state.compareAndSet(IDLE, EMITTING)) {
                if (detached && detachedItems.getAndIncrement() == 0) {
                    // the response has started: closing it now aborts the request without a stray failure
                    cancelUpstream();
                }
                return;
            }
            lastActivity = System.nanoTime();
            started = true;
            if (demand.get() != Long.MAX_VALUE) {
                demand.decrementAndGet();
            }
            downstream.onItem(item);
            state.compareAndSet(EMITTING, IDLE);
        }

        @Override
        public void onFailure(Throwable failure) {
            if (state.getAndSet(DONE) != DONE) {
                stopTimer();
                super.onFailure(failure);
            }
        }

        @Override
        public void onCompletion() {
            if (state.getAndSet(DONE) != DONE) {
                stopTimer();
                super.onCompletion();
            }
        }

        @Override
        public void cancel() {
            if (state.getAndSet(DONE) == DONE && detached) {
                return;
            }
            stopTimer();
            stopUpstream();
        }

        private void stopUpstream() {
            if (started) {
                cancelUpstream();
            } else {
                detached = true;
                Flow.Subscription subscription = getUpstreamSubscription();
                if (subscription != null) {
                    subscription.request(1);
                }
            }
        }

        @Override
        public void run() {
            if (state.get() == DONE) {
                return;
            }
            long idle = System.nanoTime() - lastActivity;
            if (demand.get() == 0) {
                schedule(timeoutNanos);
            } else if (idle < timeoutNanos) {
                schedule(timeoutNanos - idle);
            } else if (state.compareAndSet(IDLE, DONE)) {
                stopUpstream();
                downstream.onFailure(new StreamBrokenException(ModelErrorText.IDLE_TIMEOUT));
            } else {
                // an item is being delivered right now: it counts as activity
                schedule(timeoutNanos);
            }
        }

        private void schedule(long delayNanos) {
            if (state.get() == DONE) {
                return;
            }
            try {
                timer = scheduler.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the scheduler is shutting down with the application: nothing left to watch
            }
        }

        private void stopTimer() {
            ScheduledFuture<?> current = timer;
            if (current != null) {
                current.cancel(false);
            }
        }
    }
}
