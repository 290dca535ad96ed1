package io.codexquarkus.model.client;

import java.io.Serial;
import java.util.Optional;

/**
 * The model server answered with a status other than 2xx. Keeps the first {@link ModelHttp#ERROR_BODY_KEEP_BYTES} of
 * the body (enough for the JSON error object), how long the whole body was and the raw {@code Retry-After} header.
 */
final class HttpStatusException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;
    private final long bodyBytes;

    @SuppressWarnings("serial") // never serialised: it lives only inside one stream
    private final Optional<String> retryAfter;

    HttpStatusException(int status, String body, long bodyBytes, Optional<String> retryAfter) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.body = body;
        this.bodyBytes = bodyBytes;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    /** The start of the body, as text. */
    String body() {
        return body;
    }

    /** The length of the whole body in bytes. */
    long bodyBytes() {
        return bodyBytes;
    }

    Optional<String> retryAfter() {
        return retryAfter;
    }
}
