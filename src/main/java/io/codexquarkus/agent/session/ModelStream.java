package io.codexquarkus.agent.session;

import io.codexquarkus.common.StreamCursor;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.smallrye.mutiny.Multi;

/**
 * A model stream read one event at a time from the task's (virtual) thread: the turn loop stays sequential Java while
 * the Mutiny stream runs on its I/O threads. Closing it (the task's cancellation does) cancels the HTTP request and
 * wakes the reader at once.
 */
final class ModelStream implements AutoCloseable {
    private final StreamCursor<ResponseEvent> cursor;

    ModelStream(Multi<ResponseEvent> events) {
        this.cursor = StreamCursor.open(events.onFailure()
                .recoverWithItem(failure -> new ResponseEvent.Failed(ModelError.of(
                        ModelError.Kind.OTHER,
                        "stream error: "
                                + (failure.getMessage() == null
                                        ? failure.getClass().getSimpleName()
                                        : failure.getMessage())))));
    }

    /**
     * The next event; {@code null} at the end of the stream or once closed. The stream always ends with Completed or
     * Failed, so a null without either means it ended early or was cancelled.
     */
    ResponseEvent next() throws InterruptedException {
        return cursor.next().orElse(null);
    }

    @Override
    public void close() {
        cursor.close();
    }
}
