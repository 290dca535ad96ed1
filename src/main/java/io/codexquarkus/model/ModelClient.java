package io.codexquarkus.model;

import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.smallrye.mutiny.Multi;

/**
 * The only way the agent talks to models: one round-trip in, a stream of {@link ResponseEvent}s out. Implementations
 * retry HTTP failures and broken streams themselves and always end the stream with {@code Completed} or {@code
 * Failed}; cancelling the subscription aborts the HTTP request.
 */
public interface ModelClient {
    Multi<ResponseEvent> stream(ModelRequest request);
}
