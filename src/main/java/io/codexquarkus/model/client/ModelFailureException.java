package io.codexquarkus.model.client;

import io.codexquarkus.model.protocol.ModelError;
import java.io.Serial;
import java.util.Optional;

/** A failure that ends the round-trip for good; the stream turns it into {@code Failed}. */
final class ModelFailureException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // never serialised: it lives only inside one stream
    private final ModelError error;

    ModelFailureException(ModelError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ModelFailureException(ModelError.Kind kind, String message) {
        this(ModelError.of(kind, message));
    }

    ModelFailureException(ModelError.Kind kind, String message, int httpStatus) {
        this(new ModelError(kind, message, Optional.of(httpStatus)));
    }

    ModelError error() {
        return error;
    }
}
