package io.codexquarkus.cli;

import static io.codexquarkus.testing.MockModelServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.CliDriver;
import io.codexquarkus.testing.Launcher.Result;
import io.codexquarkus.testing.MockModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process through {@link CliDriver}: what users see, without the packaged jar. */
class CliTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Result run(String... args) {
        return runWithStdin(null, args);
    }

    private Result runWithStdin(String stdin, String... args) {
        return CliDriver.run(work, Map.of("CODEX_HOME", home.toString()), stdin, args);
    }

    @Test
    void helpListsTheGlobalOptionsAndCommands() {
        Result help = run("--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.stdout())
                .contains("Usage: codex-quarkus")
                .contains("-c, --config=key=value")
                .contains("config");
        assertThat(help.stderr()).isEmpty();
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
    void profileFlagSelectsAProfile() throws IOException {
        Files.writeString(home.resolve("config.toml"), "model = \"base\"\n[profiles.fast]\nmodel = \"quick\"\n");
        Result result = run("-p", "fast", "config", "show", "--json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Json.parse(result.stdout()).path("model").asText()).isEqualTo("quick");
        Result text = run("config", "show", "--profile", "fast");
        assertThat(text.stdout()).contains("model = \"quick\"  # profile fast");
    }

    @Test
    void homeVariableIsTildeWhenCodexHomeIsEmpty() throws IOException {
        Path codexDir = Files.createDirectories(home.resolve(".codex"));
        Files.writeString(codexDir.resolve("config.toml"), "model = \"from-home\"\n");
        Result result = CliDriver.run(
                work, Map.of("CODEX_HOME", "", "HOME", home.toString()), null, "config", "show", "--json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Json.parse(result.stdout()).path("model").asText()).isEqualTo("from-home");
    }

    @Test
    void badOverrideIsOneLineAndExitTwo() {
        Result result = run("-c", "novalue", "config", "show");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip()).isEqualTo("error: Invalid override (missing '='): novalue");
    }

    @Test
    void malformedConfigIsOneLineAndExitTwo() throws IOException {
        Files.writeString(home.resolve("config.toml"), "model = \"x\"\n[broken\n");
        Result result = run("config", "show");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip().lines()).hasSize(1);
        assertThat(result.stderr()).contains(home.resolve("config.toml") + ":2:");
        assertThat(Files.readString(home.resolve("config.toml"))).isEqualTo("model = \"x\"\n[broken\n");
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

    @Test
    void completionScriptsForBashAndZsh() {
        Result bash = run("completion", "bash");
        assertThat(bash.exitCode()).as(bash.toString()).isZero();
        assertThat(bash.stdout())
                .contains("complete -F")
                .contains("codex-quarkus")
                .contains("exec");
        assertThat(run("completion", "zsh").stdout()).contains("bashcompinit");
        assertThat(run("completion", "fish").exitCode()).isEqualTo(2);
    }

    @Test
    void loginWithAKeyFromStdinThenStatusThenLogout() {
        Result before = run("login", "status");
        assertThat(before.exitCode()).isEqualTo(1);
        assertThat(before.stderr()).contains("Not logged in");

        Result login = runWithStdin("sk-test-0123456789abcdef\n", "login", "--with-api-key");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(home.resolve("auth.json")).exists();

        Result status = run("login", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stderr()).contains("Logged in using an API key").doesNotContain("0123456789abcdef");

        Result logout = run("logout");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(logout.stderr()).contains("Successfully logged out");
        assertThat(home.resolve("auth.json")).doesNotExist();
        assertThat(run("logout").stderr()).contains("Not logged in");
    }

    @Test
    void applyPatchWorksInTheDriversDirectoryFromArgumentOrStdin() throws IOException {
        Result added = run("apply-patch", "*** Begin Patch\n*** Add File: a.txt\n+one\n*** End Patch");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(work.resolve("a.txt")).hasContent("one");

        Result updated =
                runWithStdin("*** Begin Patch\n*** Update File: a.txt\n@@\n-one\n+two\n*** End Patch\n", "apply-patch");
        assertThat(updated.exitCode()).as(updated.toString()).isZero();
        assertThat(Files.readString(work.resolve("a.txt"))).isEqualTo("two\n");

        Result empty = runWithStdin("", "apply-patch");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.stderr()).startsWith("error: no patch");
    }

    @Test
    void execAnswersFromTheMockModelOnStdout() throws IOException {
        model.reset();
        model.writeConfig(home, "");
        model.script(answer("resp_1", "in-process"));
        Map<String, String> env = new HashMap<>();
        env.put("CODEX_HOME", home.toString());
        env.put("NO_COLOR", "1");
        Result result = CliDriver.run(work, env, null, "exec", "--skip-git-repo-check", "hi");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("in-process\n");
        assertThat(model.requests()).hasSize(1);
    }
}
