package io.codexquarkus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigOverrideTest {
    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("model=o3", List.of("model"), "o3"),
                Arguments.of("model=\"o3\"", List.of("model"), "o3"),
                Arguments.of(" model = o3 ", List.of("model"), "o3"),
                Arguments.of("x=42", List.of("x"), 42L),
                Arguments.of("x=1.5", List.of("x"), 1.5),
                Arguments.of("x=true", List.of("x"), true),
                Arguments.of("x=[1,2,3]", List.of("x"), List.of(1L, 2L, 3L)),
                Arguments.of("x={a=1,b=2}", List.of("x"), Map.of("a", 1L, "b", 2L)),
                Arguments.of("x='lit'", List.of("x"), "lit"),
                Arguments.of("x=hello", List.of("x"), "hello"),
                Arguments.of("x=", List.of("x"), ""),
                Arguments.of("x=a=b", List.of("x"), "a=b"),
                Arguments.of("x=2025-01-01", List.of("x"), LocalDate.of(2025, 1, 1)),
                Arguments.of(
                        "sandbox_workspace_write.writable_roots=[\"/a\"]",
                        List.of("sandbox_workspace_write", "writable_roots"),
                        List.of("/a")),
                Arguments.of("profiles.p.model=x", List.of("profiles", "p", "model"), "x"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void parsesLikeCodex(String raw, List<String> path, Object value) {
        ConfigOverride override = ConfigOverride.parse(raw);
        assertThat(override.path()).isEqualTo(path);
        assertThat(override.value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"novalue", "model"})
    void rejectsMissingEquals(String raw) {
        assertThatThrownBy(() -> ConfigOverride.parse(raw))
                .isInstanceOf(CodexException.class)
                .hasMessage("Invalid override (missing '='): " + raw)
                .satisfies(e -> assertThat(((CodexException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=x", " =x"})
    void rejectsEmptyKey(String raw) {
        assertThatThrownBy(() -> ConfigOverride.parse(raw)).hasMessage("Empty key in override: " + raw);
    }
}
