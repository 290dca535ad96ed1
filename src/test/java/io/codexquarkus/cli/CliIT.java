package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.Launcher.Result;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command through the launcher, as the README runs it: start-up without Quarkus (help, version), the
 * booted application reading the process's environment and directory, and a usage error. The behaviour of the
 * commands themselves is tested in-process by {@link CliTest}.
 */
class CliIT {
    @TempDir
    Path home;

    private Result run(String... args) {
        return Launcher.run(home, Map.of("CODEX_HOME", home.toString()), null, args);
    }

    @Test
    void helpAndVersion() {
        Result help = run("--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.stdout())
                .contains("Usage: codex-quarkus")
                .contains("-c, --config=key=value")
                .contains("config");
        Result version = run("--version");
        assertThat(version.stdout().strip()).isEqualTo("codex-quarkus 0.1.0");
        assertThat(version.stderr()).isEmpty();
    }

    @Test
    void configShowJsonAppliesOverrides() {
        Result result = run(
                "-c", "model=o3", "-c", "sandbox_workspace_write.writable_roots=[\"/x\"]", "config", "show", "--json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = Json.parse(result.stdout());
        assertThat(json.path("model").asText()).isEqualTo("o3");
        assertThat(json.path("sandbox_workspace_write")
                        .path("writable_roots")
                        .get(0)
                        .asText())
                .isEqualTo("/x");
        assertThat(json.path("_sources").path("model").asText()).isEqualTo("-c");
        assertThat(home.resolve("config.toml")).doesNotExist();
    }

    @Test
    void unknownOptionIsAShortUsageError() {
        Result result = run("--bogus");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip().lines())
                .containsExactly(
                        "error: Unknown option: '--bogus'", "Try 'codex-quarkus --help' for more information.");
    }
}
