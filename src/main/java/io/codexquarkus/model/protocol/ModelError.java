package io.codexquarkus.model.protocol;

import java.util.Optional;

/**
 * A model failure that ends a turn, with the text the user sees ({@code exceeded retry limit, last status: 429 Too
 * Many Requests}, the provider's key instructions, a usage-limit notice…).
 */
public record ModelError(Kind kind, String message, Optional<Integer> httpStatus) {
    /** Why the request failed; decides the exit code of {@code exec} and whether the turn loop retries. */
    public enum Kind {
        /** No credential for the provider (missing env var or login). */
        MISSING_CREDENTIALS,
        /** 401/403 that a refresh could not fix. */
        UNAUTHORIZED,
        /** A ChatGPT plan's usage limit (not retried). */
        USAGE_LIMIT,
        /** The prompt does not fit the model's context window. */
        CONTEXT_WINDOW_EXCEEDED,
        /** A 4xx the provider will keep answering (bad request, unknown model…). */
        UNEXPECTED_STATUS,
        /** 429/5xx/connection errors until the retry budget ran out. */
        RETRY_LIMIT,
        /** The stream broke more often than {@code stream_max_retries} allows. */
        STREAM,
        /** Anything else the client could not classify. */
        OTHER
    }

    public static ModelError of(Kind kind, String message) {
        return new ModelError(kind, message, Optional.empty());
    }
}
