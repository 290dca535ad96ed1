package io.codexquarkus.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "250, 250ms",
        "0, 0ms",
        "1500, 1.50s",
        "59999, 60.00s",
        "75000, 1m 15s",
        "60000, 1m 00s",
        "3601000, 60m 01s",
        "3600000, 60m 00s",
        "999, 999ms",
        "1000, 1.00s",
        "1234, 1.23s"
    })
    void formatsLikeCodex(long millis, String expected) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"203500000, 203.5ms", "1200000000, 1.2s", "2000000000, 2s", "1500, 1.5µs", "7, 7ns"})
    void rendersRetryDelaysLikeRustDebug(long nanos, String expected) {
        assertThat(Durations.debug(Duration.ofNanos(nanos))).isEqualTo(expected);
    }
}
