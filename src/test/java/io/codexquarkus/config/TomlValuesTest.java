package io.codexquarkus.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** The MCP tool's {@code config} map is JSON; each value becomes the TOML value Codex would make of it. */
class TomlValuesTest {
    static Stream<Arguments> conversions() {
        return Stream.of(
                Arguments.of("\"o3\"", "o3"),
                Arguments.of("null", ""),
                Arguments.of("true", true),
                Arguments.of("42", 42L),
                Arguments.of("-7", -7L),
                Arguments.of("0.5", 0.5),
                Arguments.of("1e3", 1000.0),
                Arguments.of("18446744073709551615", 1.8446744073709552E19),
                Arguments.of("[\"/a\",\"/b\"]", List.of("/a", "/b")),
                Arguments.of("[1,\"x\",null]", List.of(1L, "x", "")),
                Arguments.of(
                        "{\"network_access\":true,\"writable_roots\":[\"/x\"]}",
                        Map.of("network_access", true, "writable_roots", List.of("/x"))),
                Arguments.of("{\"a\":{\"b\":{\"c\":1}}}", Map.of("a", Map.of("b", Map.of("c", 1L)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void jsonBecomesTheTomlValueCodexMakes(String json, Object toml) {
        assertThat(TomlValues.fromJson(Json.parse(json))).isEqualTo(toml);
    }

    @Test
    void controlCharactersAreEscapedSoTheLiteralParsesBack() {
        String value = "tab\there\u0001\u007fend \"q\" \\";
        String literal = TomlValues.toTomlLiteral(value);
        assertThat(literal).doesNotContain("\u007f").contains("\\u007F").contains("\\u0001");
        TomlParseResult parsed = Toml.parse("k = " + literal);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.getString("k")).isEqualTo(value);
    }
}
