package io.codexquarkus.model.client;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Codex's retry delay: {@code 200 ms × 2^(n−1) × U(0.9, 1.1)}, in whole milliseconds (≈200, 400, 800, 1600 ms…). */
final class Backoff {
    private static final long INITIAL_DELAY_MS = 200;

    private Backoff() {}

    /**
     * @param attempt the retry about to wait, from 1
     * @param jitter a factor drawn uniformly from [0.9, 1.1)
     */
    static Duration delay(int attempt, DoubleSupplier jitter) {
        double exponent = Math.pow(2, Math.max(0, attempt - 1));
        long base = (long) Math.min(INITIAL_DELAY_MS * exponent, Long.MAX_VALUE / 2.0);
        return Duration.ofMillis((long) (base * jitter.getAsDouble()));
    }
}
