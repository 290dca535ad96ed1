package io.codexquarkus.sandbox.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.sandbox.SpawnSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a kernel without Landlock (played by a seccomp filter answering ENOSYS, as on kernels before 5.13) the helper
 * refuses with one line and exit code 4 instead of running the command unsandboxed, and still runs commands whose
 * policy needs no Landlock.
 */
class NoLandlockTest {
    @BeforeAll
    static void requireSeccomp() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "skipped: needs Linux");
        LinuxCapabilities caps = LinuxCapabilities.probe();
        if (!caps.seccomp()) {
            System.err.println("NoLandlockTest skipped: " + caps.missing());
        }
        Assumptions.assumeTrue(caps.seccomp(), () -> "skipped: seccomp is needed to hide Landlock: " + caps.missing());
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result runWithoutLandlock(SandboxPolicy policy, String... command) throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        SpawnSpec spec = SandboxManager.forEnvironment(Map.of())
                .prepare(SandboxType.LINUX_SECCOMP, policy, cwd, cwd, List.of(command), System.getenv());
        Path testClasses = Path.of(WithoutLandlock.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path classes = Path.of(LinuxSandboxMain.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xlog:disable",
                "-cp",
                testClasses + File.pathSeparator + classes,
                WithoutLandlock.class.getName()));
        argv.addAll(spec.argv());
        ProcessBuilder builder =
                new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        Path out = Files.createTempFile("no-landlock", ".out");
        Path err = Files.createTempFile("no-landlock", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void refusesWithOneLineAndExitCode4() throws Exception {
        for (SandboxPolicy policy : List.of(
                new SandboxPolicy.ReadOnly(), new SandboxPolicy.WorkspaceWrite(List.of(), true, false, false))) {
            Result result = runWithoutLandlock(policy, "sh", "-c", "echo ran");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
            assertThat(result.stdout()).as("the command must not run").isEmpty();
            assertThat(result.stderr())
                    .startsWith("codex-linux-sandbox: cannot sandbox the command: this kernel has no Landlock")
                    .contains("danger-full-access")
                    .endsWith("\n")
                    .hasLineCount(1)
                    .doesNotContain("Exception");
        }
    }

    @Test
    void policiesWithoutFileSystemRulesStillRun() throws Exception {
        Result result = runWithoutLandlock(new SandboxPolicy.DangerFullAccess(), "sh", "-c", "echo ran");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("ran\n");
    }
}
