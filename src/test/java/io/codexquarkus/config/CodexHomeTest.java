package io.codexquarkus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodexHomeTest {
    @Test
    void tildeIsHomeWhenSetAndCodexHomeWins() {
        assertThat(CodexHome.fromEnvironment(Map.of("HOME", "/h"), "/passwd").dir())
                .isEqualTo(Path.of("/h/.codex"));
        assertThat(CodexHome.fromEnvironment(Map.of(), "/passwd").dir()).isEqualTo(Path.of("/passwd/.codex"));
        assertThat(CodexHome.fromEnvironment(Map.of("HOME", ""), "/passwd").dir())
                .isEqualTo(Path.of("/passwd/.codex"));
        assertThat(CodexHome.fromEnvironment(Map.of("HOME", "/h", "CODEX_HOME", "/c"), "/passwd")
                        .dir())
                .isEqualTo(Path.of("/c"));
    }
}
