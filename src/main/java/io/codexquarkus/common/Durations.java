package io.codexquarkus.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Human renderings of durations, byte-for-byte as Codex prints them ({@code common/src/elapsed.rs}). */
public final class Durations {
    private Durations() {}

    /**
     * {@code 250ms}, {@code 1.50s}, {@code 1m 15s}: milliseconds below a second, seconds with two decimals below a
     * minute, else whole minutes and zero-padded seconds.
     */
    public static String format(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
        }
        long minutes = millis / 60_000;
        long seconds = (millis % 60_000) / 1000;
        return String.format(Locale.ROOT, "%dm %02ds", minutes, seconds);
    }

    public static String formatElapsed(Instant start) {
        return format(Duration.between(start, Instant.now()));
    }

    /**
     * Rust's {@code Debug} rendering of a {@code Duration} as Codex shows retry delays ({@code 203.5ms}, {@code
     * 1.2s}): the largest unit that keeps the integer part non-zero, trailing zeros dropped.
     */
    public static String debug(Duration duration) {
        long nanos = Math.max(0, duration.toNanos());
        if (nanos >= 1_000_000_000L) {
            return trim(nanos / 1e9) + "s";
        }
        if (nanos >= 1_000_000L) {
            return trim(nanos / 1e6) + "ms";
        }
        if (nanos >= 1_000L) {
            return trim(nanos / 1e3) + "µs";
        }
        return nanos + "ns";
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.9f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
