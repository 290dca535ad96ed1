package io.codexquarkus.model.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Never overflows. */
final class RetryAfter {
    /** Longer than any cap: a larger number of seconds is read as this (it is capped later anyway). */
    private static final long MAX_SECONDS = 365L * 24 * 3600;

    private RetryAfter() {}

    /** The wait the header asks for, from {@code now}; empty when it is missing or malformed. */
    static Optional<Duration> parse(String value, Instant now) {
        String text = value.trim();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // more digits than a long holds is still "a very long time", not an error
            long seconds = text.length() > 12 ? MAX_SECONDS : Math.min(Long.parseLong(text), MAX_SECONDS);
            return Optional.of(Duration.ofSeconds(seconds));
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(now, at);
            if (wait.isNegative()) {
                return Optional.of(Duration.ZERO);
            }
            return Optional.of(
                    wait.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0 ? Duration.ofSeconds(MAX_SECONDS) : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
