package io.codexquarkus.agent.session;

import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A model stream read one event at a time from a plain (virtual) thread. The turn loop stays sequential Java; the
 * Mutiny stream keeps running on its I/O threads and only enqueues. Cancelling stops the HTTP request.
 */
final class ModelStream implements AutoCloseable {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Cancellable subscription;

    ModelStream(Multi<ResponseEvent> events) {
        this.subscription = events.subscribe()
                .with(
                        queue::add,
                        failure -> {
                            queue.add(new ResponseEvent.Failed(ModelError.of(
                                    ModelError.Kind.OTHER,
                                    "stream error: "
                                            + (failure.getMessage() == null
                                                    ? failure.getClass().getSimpleName()
                                                    : failure.getMessage()))));
                            queue.add(END);
                        },
                        () -> queue.add(END));
    }

    /**
     * The next event; {@code null} at the end of the stream or when {@code cancellation} fired. The stream always
     * ends with Completed or Failed before END, so a null without either means the stream ended early.
     */
    ResponseEvent next(Cancellation cancellation) throws InterruptedException {
        while (!cancellation.isCancelled()) {
            Object next = queue.poll(200, TimeUnit.MILLISECONDS);
            if (next == END) {
                queue.add(END);
                return null;
            }
            if (next != null) {
                return (ResponseEvent) next;
            }
        }
        return null;
    }

    @Override
    public void close() {
        subscription.cancel();
        queue.add(END);
    }
}
