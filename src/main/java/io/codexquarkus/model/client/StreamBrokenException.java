package io.codexquarkus.model.client;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

/**
 * The stream broke before it completed (idle timeout, connection lost, early end, a retryable {@code response.failed}):
 * the whole round-trip may be retried.
 */
final class StreamBrokenException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The wait the server asked for ({@code Please try again in 1.5s}); empty means the usual backoff. */
    @SuppressWarnings("serial") // never serialised: it lives only inside one stream
    private final Optional<Duration> requestedDelay;

    StreamBrokenException(String message) {
        this(message, Optional.empty());
    }

    StreamBrokenException(String message, Optional<Duration> requestedDelay) {
        super(message, null, false, false);
        this.requestedDelay = requestedDelay;
    }

    Optional<Duration> requestedDelay() {
        return requestedDelay;
    }
}
