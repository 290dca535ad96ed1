package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.sandbox.linux.LinuxCapabilities;
import io.codexquarkus.sandbox.linux.LinuxSandboxMain;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.Launcher.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codex-quarkus sandbox …} and the {@code codex-linux-sandbox} arg0 entry of the packaged application, through
 * the launcher as users run them.
 */
class SandboxCliIT {
    @TempDir
    Path home;

    @BeforeAll
    static void requireLinuxSandbox() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "skipped: needs Linux");
        LinuxCapabilities caps = LinuxCapabilities.probe();
        if (!caps.usable()) {
            System.err.println("SandboxCliIT skipped: " + caps.missing());
        }
        Assumptions.assumeTrue(caps.usable(), () -> "skipped: " + caps.missing());
    }

    private Result run(String... args) {
        return Launcher.run(home, Map.of("CODEX_HOME", home.toString()), null, args);
    }

    @Test
    void linuxRunsTheCommandUnderTheConfiguredPolicy() {
        Path etc = Path.of("/etc", "codex-sandbox-it-" + UUID.randomUUID());
        Result fullAuto = run(
                "sandbox",
                "linux",
                "--full-auto",
                "--",
                "sh",
                "-c",
                "echo in > inside.txt; echo out > \"$1\"; echo \"net=$CODEX_SANDBOX_NETWORK_DISABLED\"; exit 3",
                "sh",
                etc.toString());
        assertThat(fullAuto.exitCode()).as(fullAuto.toString()).isEqualTo(3);
        assertThat(fullAuto.stdout()).isEqualTo("net=1\n");
        assertThat(fullAuto.stderr()).containsAnyOf("Permission denied", "Read-only file system");
        assertThat(home.resolve("inside.txt")).hasContent("in");
        assertThat(etc).doesNotExist();

        // sandbox_mode defaults to read-only; -c picks another mode, and the command needs no "--"
        Result readOnly = run("sandbox", "linux", "touch", "ro.txt");
        assertThat(readOnly.exitCode()).as(readOnly.toString()).isEqualTo(1);
        assertThat(home.resolve("ro.txt")).doesNotExist();
        Result configured = run("-c", "sandbox_mode=workspace-write", "sandbox", "linux", "touch", "ww.txt");
        assertThat(configured.exitCode()).as(configured.toString()).isZero();
        assertThat(home.resolve("ww.txt")).exists();
    }

    @Test
    void networkAccessFollowsTheConfiguration() {
        Result result = run(
                "-c",
                "sandbox_workspace_write.network_access=true",
                "sandbox",
                "linux",
                "--full-auto",
                "--",
                "sh",
                "-c",
                "echo \"net=${CODEX_SANDBOX_NETWORK_DISABLED-unset}\"");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("net=unset\n");
    }

    @Test
    void exitCodesSignalsAndUnknownCommands() {
        assertThat(run("sandbox", "linux", "--", "sh", "-c", "kill -TERM $$").exitCode())
                .isEqualTo(143);
        Result missing = run("sandbox", "linux", "--", "codex-no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.stdout()).isEmpty();
        assertThat(missing.stderr()).isEqualTo("codex-linux-sandbox: command not found: codex-no-such-command\n");
    }

    @Test
    void doctorDescribesThisHost() {
        Result doctor = run("sandbox", "doctor");
        assertThat(doctor.exitCode()).as(doctor.toString()).isZero();
        assertThat(doctor.stdout())
                .contains("landlock:        ABI ")
                .contains("seccomp:         filters available")
                .contains("sandbox:         LinuxSeccomp: ")
                .contains("helper:          ")
                .contains(LinuxSandboxMain.class.getName());
    }

    @Test
    void macosIsUnavailableHereWithOneLine() {
        Result result = run("sandbox", "macos", "--", "true");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).hasLineCount(1).startsWith("error: the Seatbelt sandbox needs macOS");
    }

    @Test
    void theLauncherLinkedAsCodexLinuxSandboxIsTheHelper() throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path helper = Files.createSymbolicLink(bin.resolve("codex-linux-sandbox"), Launcher.launcher());
        try {
            runTheHelperLink(helper);
        } finally {
            // removed here: JUnit warns when @TempDir cleanup meets a link to a file outside the directory
            Files.delete(helper);
        }
    }

    private void runTheHelperLink(Path helper) {
        Path etc = Path.of("/etc", "codex-sandbox-it-" + UUID.randomUUID());
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        helper.toString(),
                        "--sandbox-policy-cwd",
                        home.toString(),
                        "--sandbox-policy",
                        "{\"mode\":\"workspace-write\"}",
                        "--",
                        "sh",
                        "-c",
                        "echo ok > arg0.txt; echo no > \"$1\"; echo \"$JAVA_TOOL_OPTIONS\"",
                        "sh",
                        etc.toString()))
                .directory(home.toFile());
        Launcher.baseEnvironment(builder.environment());
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Dfor.the.command=1");
        Launcher.Result result = Processes.run(builder);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("-Dfor.the.command=1\n");
        assertThat(result.stderr())
                .containsAnyOf("Permission denied", "Read-only file system")
                .doesNotContain("Picked up");
        assertThat(home.resolve("arg0.txt")).hasContent("ok");
        assertThat(etc).doesNotExist();
    }
}
