package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.common.Json;
import io.codexquarkus.sandbox.linux.LinuxSandboxHelper;
import io.codexquarkus.sandbox.linux.LinuxSandboxMain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the manager hands the shell tool to spawn, per sandbox type. */
class SandboxManagerTest {
    private static final Path CWD = Path.of("/work/project");
    private static final Path SUBDIR = Path.of("/work/project/sub");
    private static final List<String> COMMAND = List.of("ls", "-la");
    private static final SandboxPolicy NO_NETWORK =
            new SandboxPolicy.WorkspaceWrite(List.of("/data"), false, false, false);

    private static SandboxManager linux(LinuxSandboxHelper helper) {
        return new SandboxManager("Linux", helper);
    }

    @Test
    void noSandboxRunsTheCommandAndStillFlagsTheNetwork() {
        SpawnSpec spec = linux(LinuxSandboxHelper.executable(Path.of("/x/codex-linux-sandbox")))
                .prepare(SandboxType.NONE, NO_NETWORK, CWD, SUBDIR, COMMAND, Map.of("PATH", "/bin"));
        assertThat(spec.argv()).isEqualTo(COMMAND);
        assertThat(spec.cwd()).isEqualTo(SUBDIR);
        assertThat(spec.env())
                .containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/bin", "CODEX_SANDBOX_NETWORK_DISABLED", "1"));
        SpawnSpec networked = linux(null)
                .prepare(
                        SandboxType.NONE,
                        new SandboxPolicy.WorkspaceWrite(List.of(), true, false, false),
                        CWD,
                        CWD,
                        COMMAND,
                        Map.of());
        assertThat(networked.env()).isEmpty();
    }

    @Test
    void linuxRunsTheExplicitHelperWithThePolicy() {
        SpawnSpec spec = linux(LinuxSandboxHelper.executable(Path.of("/opt/bin/codex-linux-sandbox")))
                .prepare(
                        SandboxType.LINUX_SECCOMP, NO_NETWORK, CWD, SUBDIR, COMMAND, Map.of("JAVA_TOOL_OPTIONS", "-X"));
        assertThat(spec.argv())
                .containsExactly(
                        "/opt/bin/codex-linux-sandbox",
                        "--sandbox-policy-cwd",
                        "/work/project",
                        "--sandbox-policy",
                        Json.write(NO_NETWORK),
                        "--",
                        "ls",
                        "-la");
        assertThat(spec.cwd()).isEqualTo(SUBDIR);
        // an executable helper is not a JVM of ours: the environment goes through unchanged
        assertThat(spec.env())
                .containsEntry("JAVA_TOOL_OPTIONS", "-X")
                .containsEntry("CODEX_SANDBOX_NETWORK_DISABLED", "1");
    }

    @Test
    void linuxRunsThisJvmWithQuietFastFlagsAndSetsJvmOptionsAside() {
        Path classes = Path.of("target/classes").toAbsolutePath();
        LinuxSandboxHelper helper = LinuxSandboxHelper.jvm(Path.of("/jdk/bin/java"), classes, true, Map.of());
        SpawnSpec spec = linux(helper)
                .prepare(SandboxType.LINUX_SECCOMP, NO_NETWORK, CWD, CWD, COMMAND, Map.of("JAVA_TOOL_OPTIONS", "-X"));
        List<String> argv = spec.argv();
        assertThat(argv.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(argv)
                .contains(
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xlog:disable",
                        "-Xlog:all=warning:stderr",
                        "-Xint",
                        "-XX:+UseSerialGC")
                .doesNotContain("-XX:AOTCache")
                .containsSubsequence(
                        "-cp", classes.toString(), LinuxSandboxMain.class.getName(), "--sandbox-policy-cwd");
        assertThat(argv.subList(argv.size() - 3, argv.size())).containsExactly("--", "ls", "-la");
        assertThat(spec.env())
                .doesNotContainKey("JAVA_TOOL_OPTIONS")
                .containsEntry(LinuxSandboxMain.RESTORE_PREFIX + "JAVA_TOOL_OPTIONS", "-X");
        assertThat(helper.aotCacheFile())
                .as("no AOT cache for a classes directory")
                .isNull();
    }

    @Test
    void seatbeltWrapsTheCommandAndMarksTheEnvironment() {
        SpawnSpec spec = new SandboxManager("Mac OS X", null)
                .prepare(SandboxType.MACOS_SEATBELT, NO_NETWORK, CWD, SUBDIR, COMMAND, Map.of("HOME", "/Users/me"));
        assertThat(spec.argv().get(0)).isEqualTo("/usr/bin/sandbox-exec");
        assertThat(spec.argv().subList(spec.argv().size() - 3, spec.argv().size()))
                .containsExactly("--", "ls", "-la");
        assertThat(spec.argv()).contains("-DWRITABLE_ROOT_0=/data", "-DWRITABLE_ROOT_1=/work/project");
        assertThat(spec.env())
                .containsEntry("CODEX_SANDBOX", "seatbelt")
                .containsEntry("CODEX_SANDBOX_NETWORK_DISABLED", "1")
                .containsEntry("HOME", "/Users/me");
        assertThat(new SandboxManager("Mac OS X", null).platformSandbox()).isEqualTo(SandboxType.MACOS_SEATBELT);
        assertThat(new SandboxManager("Windows 11", null).platformSandbox()).isEqualTo(SandboxType.NONE);
    }

    @Test
    void unavailableSandboxesAreOneLineWithExitCode4() {
        assertThatThrownBy(() -> linux(LinuxSandboxHelper.executable(Path.of("/x")))
                        .requireAvailable(SandboxType.MACOS_SEATBELT, new SandboxPolicy.ReadOnly()))
                .isInstanceOf(CodexException.class)
                .hasMessageContaining("needs macOS")
                .satisfies(e -> assertThat(((CodexException) e).exitCode()).isEqualTo(ExitCode.SANDBOX_UNAVAILABLE));
        assertThatThrownBy(() -> new SandboxManager("Mac OS X", null)
                        .requireAvailable(SandboxType.LINUX_SECCOMP, new SandboxPolicy.ReadOnly()))
                .hasMessageContaining("needs Linux");
        // danger-full-access needs no sandbox at all
        new SandboxManager("Windows 11", null)
                .requireAvailable(SandboxType.LINUX_SECCOMP, new SandboxPolicy.DangerFullAccess());
    }

    @Test
    void displayNamesMatchCodexErrorText() {
        assertThat(SandboxType.LINUX_SECCOMP.displayName()).isEqualTo("LinuxSeccomp");
        assertThat(SandboxType.MACOS_SEATBELT.displayName()).isEqualTo("MacosSeatbelt");
        assertThat("failed in sandbox " + SandboxType.LINUX_SECCOMP + " with execution error: x")
                .isEqualTo("failed in sandbox LinuxSeccomp with execution error: x");
    }

    @Test
    void thisHostUsesTheLinuxHelper() {
        SandboxManager manager = SandboxManager.forEnvironment(Map.of());
        if (System.getProperty("os.name").startsWith("Linux")
                && manager.linuxCapabilities().usable()) {
            assertThat(manager.platformSandbox()).isEqualTo(SandboxType.LINUX_SECCOMP);
            assertThat(SandboxDoctor.report(manager).lines())
                    .anySatisfy(line -> assertThat(line).startsWith("landlock:        ABI "))
                    .anySatisfy(line -> assertThat(line).startsWith("sandbox:         LinuxSeccomp: "));
        }
    }
}
