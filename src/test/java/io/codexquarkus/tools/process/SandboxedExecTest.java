package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.Cancellation;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.config.ShellEnvironmentPolicy;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one entry for sandboxed commands, with real processes: environment, output, timeout, refusals, foreground. */
class SandboxedExecTest {
    private static final Map<String, String> PROCESS_ENV = Map.of(
            "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            "VISIBLE", "yes",
            "MY_SECRET_TOKEN", "hidden");

    @TempDir
    Path dir;

    private final SandboxedExec exec =
            new SandboxedExec(SandboxManager.forEnvironment(System.getenv()), new ProcessRunner(), PROCESS_ENV);

    private SandboxedExec.Request request(
            SandboxType type,
            SandboxPolicy policy,
            List<String> argv,
            ShellEnvironmentPolicy environment,
            Optional<Duration> timeout,
            SandboxedExec.Output output) {
        return new SandboxedExec.Request(
                type, policy, dir, dir, argv, environment, timeout, new Cancellation(), output);
    }

    @Test
    void capturedOutputStreamsToTheListenerWithTheFilteredEnvironment() throws Exception {
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        ExecOutput output = exec.run(request(
                SandboxType.NONE,
                new SandboxPolicy.DangerFullAccess(),
                List.of("sh", "-c", "echo \"$VISIBLE:${MY_SECRET_TOKEN:-none}:$(pwd)\""),
                ShellEnvironmentPolicy.defaults(),
                Optional.empty(),
                new SandboxedExec.Output.Captured((stream, chunk) -> streamed.writeBytes(chunk))));

        assertThat(output.exitCode()).isZero();
        assertThat(output.stdout()).isEqualTo("yes:none:" + dir.toRealPath() + "\n");
        assertThat(streamed.toString(StandardCharsets.UTF_8)).isEqualTo(output.stdout());
    }

    @Test
    void theTimeoutKillsACapturedCommand() {
        ExecOutput output = exec.run(request(
                SandboxType.NONE,
                new SandboxPolicy.DangerFullAccess(),
                List.of("sleep", "20"),
                ShellEnvironmentPolicy.defaults(),
                Optional.of(Duration.ofMillis(200)),
                new SandboxedExec.Output.Captured(OutputListener.NONE)));

        assertThat(output.timedOut()).isTrue();
        assertThat(output.exitCode()).isEqualTo(ExecOutput.TIMEOUT_EXIT_CODE);
        assertThat(output.duration()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingProgramIsASpawnErrorAndASandboxThisHostLacksIsRefused() {
        assertThatThrownBy(() -> exec.run(request(
                        SandboxType.NONE,
                        new SandboxPolicy.DangerFullAccess(),
                        List.of("no-such-program-xyz"),
                        ShellEnvironmentPolicy.defaults(),
                        Optional.empty(),
                        new SandboxedExec.Output.Captured(OutputListener.NONE))))
                .isInstanceOf(ExecSpawnException.class);

        assertThatThrownBy(() -> exec.run(request(
                        SandboxType.MACOS_SEATBELT,
                        new SandboxPolicy.ReadOnly(),
                        List.of("true"),
                        ShellEnvironmentPolicy.defaults(),
                        Optional.empty(),
                        new SandboxedExec.Output.Inherited())))
                .isInstanceOfSatisfying(
                        CodexException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SANDBOX_UNAVAILABLE));
    }

    @Test
    void inTheForegroundTheExitStatusPassesThrough() {
        ExecOutput output = exec.run(request(
                SandboxType.NONE,
                new SandboxPolicy.DangerFullAccess(),
                List.of("sh", "-c", "exit 7"),
                ShellEnvironment.INHERIT_EVERYTHING,
                Optional.empty(),
                new SandboxedExec.Output.Inherited()));

        assertThat(output.exitCode()).isEqualTo(7);
        assertThat(output.stdout()).isEmpty();
    }
}
