package io.codexquarkus.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.model.protocol.ClientIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Backoff, delays in error texts, status texts and the User-Agent. */
class WireDetailsTest {
    @Test
    void backoffDoublesFrom200msWithJitter() {
        assertThat(Backoff.delay(1, () -> 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(Backoff.delay(2, () -> 1.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(Backoff.delay(4, () -> 1.0)).isEqualTo(Duration.ofMillis(1600));
        assertThat(Backoff.delay(1, () -> 0.9)).isEqualTo(Duration.ofMillis(180));
        assertThat(Backoff.delay(3, () -> 1.0999)).isEqualTo(Duration.ofMillis(879));
        assertThat(Backoff.delay(100, () -> 1.0)).isPositive();
    }

    @Test
    void tryAgainInParsesSecondsAndMilliseconds() {
        assertThat(ModelErrorText.tryAgainIn("Rate limit reached. Please try again in 1.898s. Visit …"))
                .contains(Duration.ofMillis(1898));
        assertThat(ModelErrorText.tryAgainIn("Please try again in 250ms.")).contains(Duration.ofMillis(250));
        assertThat(ModelErrorText.tryAgainIn("please try again in 3 seconds")).contains(Duration.ofSeconds(3));
        assertThat(ModelErrorText.tryAgainIn("Please try again later.")).isEmpty();
    }

    @Test
    void statusTextsAndResetTimes() {
        assertThat(HttpStatusText.of(429)).isEqualTo("429 Too Many Requests");
        assertThat(HttpStatusText.of(500)).isEqualTo("500 Internal Server Error");
        assertThat(HttpStatusText.of(599)).isEqualTo("599");
        assertThat(ModelErrorText.retryLimit(502)).isEqualTo("exceeded retry limit, last status: 502 Bad Gateway");
        assertThat(ModelErrorText.humanSeconds(45)).isEqualTo("45 seconds");
        assertThat(ModelErrorText.humanSeconds(90_061)).isEqualTo("1 day 1 hour 1 minute");
        assertThat(ModelErrorText.missingEnvironmentVariable("FOO_KEY", Optional.empty()))
                .isEqualTo("Missing environment variable: `FOO_KEY`.");
    }

    @Test
    void userAgentCarriesOriginatorPlatformAndSuffix() {
        ClientIdentity identity = new ClientIdentity("codex_exec", "0.1.0", Optional.of("Cursör; 1.2"));
        assertThat(UserAgent.header(identity, "(Debian 12.0.0; x86_64) xterm"))
                .isEqualTo("codex_exec/0.1.0 (Debian 12.0.0; x86_64) xterm (Curs_r; 1.2)");
        assertThat(UserAgent.header(
                        new ClientIdentity("codex_cli_rs", "0.1.0", Optional.empty()), "(Mac OS 14.5.0; aarch64) x"))
                .isEqualTo("codex_cli_rs/0.1.0 (Mac OS 14.5.0; aarch64) x");
        assertThat(UserAgent.hostPlatform(Map.of("TERM", "xterm-256color")::get))
                .matches("\\(.+ .*; .+\\) xterm-256color");
    }

    @Test
    void terminalDetection() {
        assertThat(UserAgent.terminal(Map.of("TERM_PROGRAM", "iTerm.app", "TERM_PROGRAM_VERSION", "3.5")::get))
                .isEqualTo("iTerm.app/3.5");
        assertThat(UserAgent.terminal(Map.of("TERM_PROGRAM", "vscode")::get)).isEqualTo("vscode");
        assertThat(UserAgent.terminal(Map.of("WT_SESSION", "x", "TERM", "xterm")::get))
                .isEqualTo("WindowsTerminal");
        assertThat(UserAgent.terminal(Map.of("TERM", "xterm-kitty")::get)).isEqualTo("kitty");
        assertThat(UserAgent.terminal(Map.<String, String>of()::get)).isEqualTo("unknown");
        assertThat(UserAgent.semantic("12")).isEqualTo("12.0.0");
        assertThat(UserAgent.semantic("14.5")).isEqualTo("14.5.0");
        assertThat(UserAgent.semantic("rolling")).isEqualTo("rolling");
    }
}
