package io.codexquarkus.cli;

import static io.codexquarkus.testing.MockModelServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.Launcher.Result;
import io.codexquarkus.testing.McpServerProcess;
import io.codexquarkus.testing.MockModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets first, through the packaged launcher: {@code ~}, the log file, shell completion. */
class FirstHourIT {
    private static final String SECRET = "sk-first-hour-0123456789abcdef";

    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    /** The inherited environment without CODEX_HOME, so that HOME decides. */
    private static Result runWithout(String removed, Path cwd, Map<String, String> env, String... args) {
        ProcessBuilder builder = new ProcessBuilder(Launcher.command(args)).directory(cwd.toFile());
        Launcher.baseEnvironment(builder.environment());
        builder.environment().remove(removed);
        builder.environment().putAll(env);
        return Launcher.run(builder, null);
    }

    @Test
    void homeVariableIsTildeAndCodexHomeStillWins() throws IOException {
        Path codexDir = Files.createDirectories(home.resolve(".codex"));
        Files.writeString(codexDir.resolve("config.toml"), "model = \"from-home\"\n");
        Result viaHome = runWithout("CODEX_HOME", work, Map.of("HOME", home.toString()), "config", "show", "--json");
        assertThat(viaHome.exitCode()).as(viaHome.toString()).isZero();
        assertThat(Json.parse(viaHome.stdout()).path("model").asText()).isEqualTo("from-home");

        Path other = Files.createDirectories(work.resolve("other"));
        Files.writeString(other.resolve("config.toml"), "model = \"from-codex-home\"\n");
        Result viaCodexHome = runWithout(
                "NONE",
                work,
                Map.of("HOME", home.toString(), "CODEX_HOME", other.toString()),
                "config",
                "show",
                "--json");
        assertThat(Json.parse(viaCodexHome.stdout()).path("model").asText()).isEqualTo("from-codex-home");
    }

    @Test
    void execLogsToTheFileWithoutSecretsAndStdoutStaysClean() throws IOException {
        model.reset();
        model.writeConfig(home, "");
        Files.writeString(
                home.resolve("config.toml"),
                Files.readString(home.resolve("config.toml"))
                        .replace("wire_api", "env_key = \"FIRST_HOUR_KEY\"\nwire_api"));
        model.script(answer("resp_1", "logged"));
        Map<String, String> env = new HashMap<>();
        env.put("CODEX_HOME", home.toString());
        env.put("FIRST_HOUR_KEY", SECRET);
        env.put("NO_COLOR", "1");
        Result result = Launcher.run(work, env, null, "-c", "log_level=trace", "exec", "--skip-git-repo-check", "hi");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("logged\n");
        assertThat(result.stdout() + result.stderr()).doesNotContain("TRACE").doesNotContain("DEBUG");

        Path log = home.resolve("log/codex-quarkus.log");
        String text = Files.readString(log);
        assertThat(text).contains("codex-quarkus exec 0.1.0 started (pid ").contains("log level trace");
        assertThat(text).doesNotContain(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
        assertThat(model.requests().getFirst().toString()).isNotEmpty();
    }

    @Test
    void failedExecLeavesItsErrorLineInTheFile() throws IOException {
        // no model configured and no key: the one-line error users see on stderr is in the file as well
        Map<String, String> env = new HashMap<>();
        env.put("CODEX_HOME", home.toString());
        env.put("OPENAI_API_KEY", "");
        Result result = runWithout("OPENAI_API_KEY", work, env, "exec", "--skip-git-repo-check", "hi");
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        String errorLine = result.stderr()
                .replaceAll("\u001B\\[[0-9;]*m", "")
                .lines()
                .filter(l -> l.startsWith("ERROR: "))
                .findFirst()
                .orElseThrow();
        String text = Files.readString(home.resolve("log/codex-quarkus.log"));
        assertThat(text).contains(" ERROR ").contains(errorLine);
        assertThat(result.stderr()).doesNotContain("started (pid");
    }

    @Test
    void mcpLogsToTheFileAtTheLevelOfTheEnvironment() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, work, Map.of("CODEX_LOG_LEVEL", "debug"))) {
            server.client().initialize(false);
            assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(20))).isZero();
        }
        String text = Files.readString(home.resolve("log/codex-quarkus.log"));
        assertThat(text).contains("codex-quarkus mcp 0.1.0 started (pid ").contains("log level debug");
    }

    @Test
    void badLogLevelIsAUsageError() {
        Result result = Launcher.run(work, Map.of("CODEX_HOME", home.toString()), "", "mcp", "-c", "log_level=loud");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("log_level: unknown log level 'loud'");
    }

    @Test
    void completionScriptsForBashAndZsh() throws Exception {
        Result bash = Launcher.run(work, Map.of("CODEX_HOME", home.toString()), null, "completion", "bash");
        assertThat(bash.exitCode()).as(bash.toString()).isZero();
        assertThat(bash.stdout())
                .contains("complete -F")
                .contains("codex-quarkus")
                .contains("exec");
        Result zsh = Launcher.run(work, Map.of("CODEX_HOME", home.toString()), null, "completion", "zsh");
        assertThat(zsh.stdout()).contains("bashcompinit");
        Result wrong = Launcher.run(work, Map.of("CODEX_HOME", home.toString()), null, "completion", "fish");
        assertThat(wrong.exitCode()).isEqualTo(2);

        // the bash script really completes: source it and ask for the words after "codex-quarkus "
        Path script = work.resolve("completion.bash");
        Files.writeString(script, bash.stdout());
        ProcessBuilder shell = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source \"$1\"; COMP_WORDS=(codex-quarkus ''); COMP_CWORD=1; COMP_LINE='codex-quarkus ';"
                                + " COMP_POINT=${#COMP_LINE}; _complete_codex-quarkus codex-quarkus '' codex-quarkus;"
                                + " printf '%s\\n' \"${COMPREPLY[@]}\"",
                        "bash",
                        script.toString())
                .directory(work.toFile());
        Result completed = Launcher.run(shell, null);
        assertThat(completed.stdout()).contains("exec").contains("mcp").contains("completion");
    }
}
