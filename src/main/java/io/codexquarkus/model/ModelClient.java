package io.codexquarkus.model;

import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.smallrye.mutiny.Multi;

/**
 * The only way the agent talks to models: one round-trip in, a stream of {@link ResponseEvent}s out. Implementations
 * retry HTTP failures and broken streams themselves and always end the stream with {@code Completed} or {@code
 * Failed}; cancelling the subscription aborts the HTTP request.
 *
 * <p>Events may be delivered on a Vert.x I/O thread: a consumer that blocks (runs a tool, waits for an approval) must
 * consume through {@code subscribe().asIterable()} / {@code asStream()} on its own thread, or hop with {@code
 * emitOn(executor)}, never block inside a {@code subscribe().with(...)} callback. One instance serves any number of
 * concurrent streams.
 */
public interface ModelClient extends AutoCloseable {
    Multi<ResponseEvent> stream(ModelRequest request);

    /** Releases connections and threads the client owns; streams still open are aborted. */
    @Override
    default void close() {}
}
