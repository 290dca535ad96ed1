package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.CodexException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class LogFileTest {
    @Test
    void levelComesFromTheEnvironmentThenTheConfiguration() {
        assertThat(LogFile.level(Map.of(), Map.of())).isEqualTo(Level.INFO);
        assertThat(LogFile.level(Map.of(), Map.of("log_level", "debug"))).isEqualTo(org.jboss.logmanager.Level.DEBUG);
        assertThat(LogFile.level(Map.of("CODEX_LOG_LEVEL", "TRACE"), Map.of("log_level", "debug")))
                .isEqualTo(org.jboss.logmanager.Level.TRACE);
        assertThat(LogFile.level(Map.of("CODEX_LOG_LEVEL", "off"), Map.of())).isEqualTo(Level.OFF);
        assertThatThrownBy(() -> LogFile.level(Map.of(), Map.of("log_level", "loud")))
                .isInstanceOf(CodexException.class)
                .hasMessageContaining("unknown log level 'loud'");
    }

    @Test
    void secretsAreRedacted() {
        String line = "key sk-proj-abcdefghijklmnop Authorization: Bearer abc.def-ghijkl"
                + " {\"access_token\":\"zzzzzzzz\",\"api_key\": \"yyyyyyyy\"} jwt eyJhbGciOi.eyJzdWIi.c2ln"
                + " custom my-own-secret-value";
        String out = LogFile.SecretRedactor.redact(line, List.of("my-own-secret-value"));
        assertThat(out)
                .doesNotContain("abcdefghijklmnop")
                .doesNotContain("abc.def-ghijkl")
                .doesNotContain("zzzzzzzz")
                .doesNotContain("yyyyyyyy")
                .doesNotContain("eyJzdWIi")
                .doesNotContain("my-own-secret-value")
                .contains("Authorization: Bearer [REDACTED]");
    }
}
