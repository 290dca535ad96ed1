package io.codexquarkus.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The precedence table: built-in defaults < config.toml < selected profile < {@code -c} < typed flags, plus Codex's
 * dotted-path rules. One row per case; {@code expected} null means the key is absent from the merged tree.
 */
class ConfigPrecedenceTest {
    private static final String FILE = """
            model = "a"
            [profiles.p]
            model = "b"
            approval_policy = "never"
            [profiles.p.sandbox_workspace_write]
            network_access = true
            [sandbox_workspace_write]
            writable_roots = ["/file"]
            """;

    record Row(
            String name,
            String file,
            String profileFlag,
            List<String> overrides,
            Map<String, Object> flags,
            String key,
            Object expected,
            String expectedSource) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                row("nothing configured", "", null, List.of(), Map.of(), "model", "gpt-5", "default"),
                row("config.toml over defaults", FILE, null, List.of(), Map.of(), "model", "a", "config.toml"),
                row("-p selects a profile", FILE, "p", List.of(), Map.of(), "model", "b", "profile p"),
                row(
                        "profile key in the file selects it",
                        "profile = \"p\"\n" + FILE,
                        null,
                        List.of(),
                        Map.of(),
                        "approval_policy",
                        "never",
                        "profile p"),
                row("-c over config.toml", FILE, null, List.of("model=c"), Map.of(), "model", "c", "-c"),
                row("-c over the profile on the same key", FILE, "p", List.of("model=c"), Map.of(), "model", "c", "-c"),
                row(
                        "-c profiles.p.model edits the selected profile",
                        FILE,
                        "p",
                        List.of("profiles.p.model=x"),
                        Map.of(),
                        "model",
                        "x",
                        "profile p"),
                row(
                        "-c profiles.p.model without selecting p changes nothing on top",
                        FILE,
                        null,
                        List.of("profiles.p.model=x"),
                        Map.of(),
                        "model",
                        "a",
                        "config.toml"),
                row(
                        "-c profile=p selects the profile",
                        FILE,
                        null,
                        List.of("profile=p"),
                        Map.of(),
                        "model",
                        "b",
                        "profile p"),
                row(
                        "typed flag over -c and profile",
                        FILE,
                        "p",
                        List.of("model=c"),
                        Map.of("model", "f"),
                        "model",
                        "f",
                        "flag"),
                row(
                        "later -c wins",
                        "",
                        null,
                        List.of("model=first", "model=second"),
                        Map.of(),
                        "model",
                        "second",
                        "-c"),
                row(
                        "nested: profile table merges into file table (profile key)",
                        FILE,
                        "p",
                        List.of(),
                        Map.of(),
                        "sandbox_workspace_write.network_access",
                        true,
                        "profile p"),
                row(
                        "nested: profile table merges into file table (file key kept)",
                        FILE,
                        "p",
                        List.of(),
                        Map.of(),
                        "sandbox_workspace_write.writable_roots",
                        List.of("/file"),
                        "config.toml"),
                row(
                        "nested: dotted -c sets one key of a table",
                        FILE,
                        null,
                        List.of("sandbox_workspace_write.network_access=true"),
                        Map.of(),
                        "sandbox_workspace_write.writable_roots",
                        List.of("/file"),
                        "config.toml"),
                row(
                        "nested: an inline table value replaces the whole table",
                        FILE,
                        null,
                        List.of("sandbox_workspace_write={exclude_slash_tmp=true}"),
                        Map.of(),
                        "sandbox_workspace_write.writable_roots",
                        null,
                        null),
                row(
                        "nested: a non-table in the way is replaced by a table",
                        "",
                        null,
                        List.of("tools=5", "tools.web_search=true"),
                        Map.of(),
                        "tools.web_search",
                        true,
                        "-c"),
                row(
                        "intermediate tables are created",
                        "",
                        null,
                        List.of("shell_environment_policy.set.FOO=bar"),
                        Map.of(),
                        "shell_environment_policy.set.FOO",
                        "bar",
                        "-c"),
                row(
                        "built-in providers cannot be redefined",
                        "[model_providers.openai]\nname = \"Mine\"\n",
                        null,
                        List.of(),
                        Map.of(),
                        "model_providers.openai.name",
                        "OpenAI",
                        "built-in"));
    }

    private static Arguments row(
            String name,
            String file,
            String profile,
            List<String> overrides,
            Map<String, Object> flags,
            String key,
            Object expected,
            String source) {
        return Arguments.of(new Row(name, file, profile, overrides, flags, key, expected, source));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void precedence(Row row, @TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), row.file());
        ConfigRequest request = new ConfigRequest(
                new CodexHome(home),
                home,
                Optional.ofNullable(row.profileFlag()),
                List.of(ConfigRequest.cliOverrides(row.overrides())),
                Map.of());
        if (!row.flags().isEmpty()) {
            request = request.withLayer(new ConfigLayer.Overrides(
                    "flag",
                    row.flags().entrySet().stream()
                            .map(e -> ConfigOverride.of(e.getKey(), e.getValue()))
                            .toList()));
        }
        LoadedConfig loaded = ConfigLoader.load(request);
        Object actual = new ConfigReader(loaded.tree(), p -> "test")
                .get(ConfigReader.path(row.key()))
                .orElse(null);
        assertThat(actual).as(row.name()).isEqualTo(row.expected());
        assertThat(loaded.sources().get(row.key())).as(row.name() + " source").isEqualTo(row.expectedSource());
    }
}
