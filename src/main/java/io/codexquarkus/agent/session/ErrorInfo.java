package io.codexquarkus.agent.session;

import io.codexquarkus.model.protocol.ModelError;

/** The {@code codex_error_info} tag of an error event caused by the model provider. */
final class ErrorInfo {
    private ErrorInfo() {}

    static String of(ModelError.Kind kind) {
        return switch (kind) {
            case MISSING_CREDENTIALS -> "missing_credentials";
            case UNAUTHORIZED -> "unauthorized";
            case USAGE_LIMIT -> "usage_limit_exceeded";
            case CONTEXT_WINDOW_EXCEEDED -> "context_window_exceeded";
            case UNEXPECTED_STATUS -> "bad_request";
            case RETRY_LIMIT -> "retry_limit_exceeded";
            case STREAM -> "stream_disconnected";
            case OTHER -> "model_error";
        };
    }
}
