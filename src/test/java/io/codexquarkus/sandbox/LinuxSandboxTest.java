package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.sandbox.linux.LinuxCapabilities;
import io.codexquarkus.testing.Launcher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux sandbox end to end: every command runs through the real helper process (this JVM's java, {@code
 * target/classes}), spawned from what {@link SandboxManager#prepare} returns. Skipped, with the reason printed, only
 * on a host whose kernel cannot sandbox (no Landlock or no seccomp).
 */
class LinuxSandboxTest {
    private static SandboxManager manager;

    @TempDir
    Path workspace;

    /** Outside every writable root (not under the workspace, /tmp or $TMPDIR) but writable by permissions. */
    private Path outside;

    private final List<Path> cleanup = new java.util.ArrayList<>();

    @BeforeAll
    static void requireLinuxSandbox() {
        Assumptions.assumeTrue(
                System.getProperty("os.name").startsWith("Linux"), "skipped: the Linux sandbox needs Linux");
        LinuxCapabilities caps = LinuxCapabilities.probe();
        if (!caps.usable()) {
            System.err.println("LinuxSandboxTest skipped: " + caps.missing());
        }
        Assumptions.assumeTrue(caps.usable(), () -> "skipped: " + caps.missing());
        manager = SandboxManager.forEnvironment(Map.of());
    }

    @BeforeEach
    void outsideDirectory() throws IOException {
        outside = io.codexquarkus.testing.OutsideDirectory.create("sandbox-outside-");
        cleanup.add(outside);
    }

    @AfterEach
    void removeLeftovers() throws IOException {
        for (Path path : cleanup) {
            if (Files.isDirectory(path)) {
                try (var files = Files.list(path)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            Files.deleteIfExists(path);
        }
    }

    private static SandboxPolicy.WorkspaceWrite workspaceWrite(boolean network) {
        return new SandboxPolicy.WorkspaceWrite(List.of(), network, false, false);
    }

    private Launcher.Result run(SandboxPolicy policy, String... command) {
        return run(policy, workspace, workspace, Map.of(), command);
    }

    private static Launcher.Result run(
            SandboxPolicy policy, Path policyCwd, Path cwd, Map<String, String> extraEnv, String... command) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove(SandboxEnv.NETWORK_DISABLED);
        env.putAll(extraEnv);
        SpawnSpec spec = manager.prepare(SandboxType.LINUX_SECCOMP, policy, policyCwd, cwd, List.of(command), env);
        return Processes.run(spec.toProcessBuilder());
    }

    /** {@code sh -c 'echo x > "$1"' sh <path>}. */
    private Launcher.Result write(SandboxPolicy policy, Path path) {
        cleanup.add(path);
        return run(policy, "sh", "-c", "echo sandboxed > \"$1\"", "sh", path.toString());
    }

    private static void assertDenied(Launcher.Result result, Path path) {
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).as(result.toString()).containsAnyOf("Permission denied", "Read-only file system");
        assertThat(path).doesNotExist();
    }

    @Test
    void workspaceWriteAllowsTheWorkspaceAndTmp() {
        Path inCwd = workspace.resolve("inside.txt");
        Path inTmp = Path.of("/tmp", "codex-sandbox-test-" + UUID.randomUUID());
        cleanup.add(inTmp);
        Launcher.Result result = run(
                workspaceWrite(false),
                "sh",
                "-c",
                "echo one > inside.txt && mkdir sub && echo two > sub/f && echo three > \"$1\"",
                "sh",
                inTmp.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(inCwd).hasContent("one");
        assertThat(workspace.resolve("sub/f")).hasContent("two");
        assertThat(inTmp).hasContent("three");
    }

    @Test
    void workspaceWriteDeniesWritesOutsideTheRootsEvenToRoot() throws IOException {
        // the same write works unsandboxed: the denial below is Landlock's, not the file permissions'
        Path control = outside.resolve("control.txt");
        Files.writeString(control, "written by the test itself");
        assertThat(Files.isWritable(outside)).isTrue();

        assertDenied(write(workspaceWrite(false), outside.resolve("x.txt")), outside.resolve("x.txt"));
        Path inHome = Path.of(System.getProperty("user.home"), ".codex-sandbox-test-" + UUID.randomUUID());
        assertDenied(write(workspaceWrite(false), inHome), inHome);
        Path inEtc = Path.of("/etc", "codex-sandbox-test-" + UUID.randomUUID());
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(Files.isWritable(Path.of("/etc")))
                    .as("root may write /etc without a sandbox")
                    .isTrue();
        }
        assertDenied(write(workspaceWrite(false), inEtc), inEtc);
        // deleting, renaming into and truncating outside files are writes too
        Launcher.Result rm = run(workspaceWrite(false), "rm", "-f", control.toString());
        assertThat(rm.exitCode()).as(rm.toString()).isNotZero();
        Launcher.Result truncate = run(workspaceWrite(false), "truncate", "-s", "0", control.toString());
        assertThat(truncate.exitCode()).as(truncate.toString()).isNotZero();
        assertThat(control).hasContent("written by the test itself");
    }

    @Test
    void readsWorkEverywhere() throws IOException {
        Files.writeString(outside.resolve("readable.txt"), "outside content");
        for (SandboxPolicy policy : List.of(new SandboxPolicy.ReadOnly(), workspaceWrite(false))) {
            Launcher.Result result = run(
                    policy,
                    "sh",
                    "-c",
                    "head -n 1 /etc/passwd && cat \"$1\" && ls / >/dev/null && echo listed",
                    "sh",
                    outside.resolve("readable.txt").toString());
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout())
                    .startsWith("root:")
                    .contains("outside content")
                    .contains("listed");
        }
    }

    @Test
    void readOnlyDeniesEveryWrite() {
        SandboxPolicy readOnly = new SandboxPolicy.ReadOnly();
        assertDenied(write(readOnly, workspace.resolve("a.txt")), workspace.resolve("a.txt"));
        Path inTmp = Path.of("/tmp", "codex-sandbox-test-" + UUID.randomUUID());
        assertDenied(write(readOnly, inTmp), inTmp);
        Launcher.Result mkdir = run(readOnly, "mkdir", "newdir");
        assertThat(mkdir.exitCode()).as(mkdir.toString()).isNotZero();
        assertThat(workspace.resolve("newdir")).doesNotExist();
        Launcher.Result devNull = run(readOnly, "sh", "-c", "echo discarded > /dev/null && echo ok");
        assertThat(devNull.exitCode()).as(devNull.toString()).isZero();
        assertThat(devNull.stdout()).isEqualTo("ok\n");
    }

    private static final String CONNECT = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(10)
            s.connect(('127.0.0.1', int(sys.argv[1])))
            print('connected')
            """;

    private static final String UNIX_SOCKETS = """
            import os, socket
            a, b = socket.socketpair()
            os.write(a.fileno(), b'ping')
            print(b.recv(4).decode())
            u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            u.close()
            print('unix socket ok')
            """;

    @Test
    void withoutNetworkTcpFailsAndUnixSocketsWork() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(server.getLocalPort());
            for (SandboxPolicy policy : List.of(new SandboxPolicy.ReadOnly(), workspaceWrite(false))) {
                Launcher.Result tcp = run(policy, "python3", "-c", CONNECT, port);
                assertThat(tcp.exitCode()).as(tcp.toString()).isNotZero();
                assertThat(tcp.stdout()).doesNotContain("connected");
                assertThat(tcp.stderr()).contains("Operation not permitted");

                Launcher.Result unix = run(policy, "python3", "-c", UNIX_SOCKETS);
                assertThat(unix.exitCode()).as(unix.toString()).isZero();
                assertThat(unix.stdout()).isEqualTo("ping\nunix socket ok\n");

                Launcher.Result env = run(policy, "sh", "-c", "echo \"flag=$CODEX_SANDBOX_NETWORK_DISABLED\"");
                assertThat(env.stdout()).isEqualTo("flag=1\n");
            }
        }
    }

    @Test
    void withNetworkTcpConnects() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Launcher.Result tcp =
                    run(workspaceWrite(true), "python3", "-c", CONNECT, Integer.toString(server.getLocalPort()));
            assertThat(tcp.exitCode()).as(tcp.toString()).isZero();
            assertThat(tcp.stdout()).isEqualTo("connected\n");
            Launcher.Result env =
                    run(workspaceWrite(true), "sh", "-c", "echo \"flag=${CODEX_SANDBOX_NETWORK_DISABLED-unset}\"");
            assertThat(env.stdout()).isEqualTo("flag=unset\n");
            // the file system stays restricted
            assertDenied(write(workspaceWrite(true), outside.resolve("n.txt")), outside.resolve("n.txt"));
        }
    }

    @Test
    void exitStatusAndSignalsPassThrough() {
        assertThat(run(workspaceWrite(false), "sh", "-c", "exit 7").exitCode()).isEqualTo(7);
        assertThat(run(workspaceWrite(false), "false").exitCode()).isEqualTo(1);
        assertThat(run(workspaceWrite(false), "sh", "-c", "kill -TERM $$").exitCode())
                .isEqualTo(128 + 15);
        assertThat(run(workspaceWrite(false), "sh", "-c", "kill -KILL $$").exitCode())
                .isEqualTo(128 + 9);
        Launcher.Result ok = run(workspaceWrite(false), "echo", "hello", "world");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.stdout()).isEqualTo("hello world\n");
        assertThat(ok.stderr()).isEmpty();
    }

    @Test
    void unknownCommandIs127WithOneLine() {
        Launcher.Result result = run(workspaceWrite(false), "codex-no-such-command-xyz", "arg");
        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).isEqualTo("codex-linux-sandbox: command not found: codex-no-such-command-xyz\n");
        Launcher.Result path = run(workspaceWrite(false), "./missing-script");
        assertThat(path.exitCode()).isEqualTo(127);
        assertThat(path.stderr()).isEqualTo("codex-linux-sandbox: ./missing-script: No such file or directory\n");
    }

    @Test
    void scriptsWithoutShebangAndPathLookup() throws IOException {
        Path script = workspace.resolve("plain-script");
        Files.writeString(script, "echo from script \"$1\"\n");
        script.toFile().setExecutable(true);
        Launcher.Result viaPath = run(
                workspaceWrite(false),
                workspace,
                workspace,
                Map.of("PATH", workspace + ":/usr/bin:/bin"),
                "plain-script",
                "arg");
        assertThat(viaPath.exitCode()).as(viaPath.toString()).isZero();
        assertThat(viaPath.stdout()).isEqualTo("from script arg\n");
        Files.writeString(workspace.resolve("not-executable"), "echo nope\n");
        Launcher.Result denied = run(workspaceWrite(false), "./not-executable");
        assertThat(denied.exitCode()).isEqualTo(126);
        assertThat(denied.stderr()).isEqualTo("codex-linux-sandbox: ./not-executable: Permission denied\n");
    }

    @Test
    void policyCwdAndCommandCwdMayDiffer() throws IOException {
        Path project = Files.createDirectories(workspace.resolve("project"));
        Launcher.Result result = run(
                new SandboxPolicy.WorkspaceWrite(List.of(), false, true, true),
                project,
                outside,
                Map.of(),
                "sh",
                "-c",
                "pwd; echo in > \"$1/p.txt\"; echo out > here.txt; true",
                "sh",
                project.toString());
        assertThat(result.stdout()).startsWith(outside.toRealPath() + "\n");
        assertThat(project.resolve("p.txt")).hasContent("in");
        assertThat(outside.resolve("here.txt")).doesNotExist();
        assertThat(result.stderr()).containsAnyOf("Permission denied", "Read-only file system");
    }

    @Test
    void tmpdirAndSlashTmpFollowThePolicy() throws IOException {
        Path tmpdir = Files.createDirectories(outside.resolve("tmpdir"));
        cleanup.add(0, tmpdir);
        Path inTmp = Path.of("/tmp", "codex-sandbox-test-" + UUID.randomUUID());
        cleanup.add(inTmp);
        String script = "echo t > \"$TMPDIR/t.txt\"; echo s > \"$1\"; true";
        Launcher.Result excluded = run(
                new SandboxPolicy.WorkspaceWrite(List.of(), false, false, true),
                workspace,
                workspace,
                Map.of("TMPDIR", tmpdir.toString()),
                "sh",
                "-c",
                script,
                "sh",
                inTmp.toString());
        assertThat(tmpdir.resolve("t.txt")).as(excluded.toString()).hasContent("t");
        assertThat(inTmp).doesNotExist();
        Files.delete(tmpdir.resolve("t.txt"));
        run(
                new SandboxPolicy.WorkspaceWrite(List.of(), false, true, false),
                workspace,
                workspace,
                Map.of("TMPDIR", tmpdir.toString()),
                "sh",
                "-c",
                script,
                "sh",
                inTmp.toString());
        assertThat(tmpdir.resolve("t.txt")).doesNotExist();
        assertThat(inTmp).hasContent("s");
    }

    @Test
    void configuredWritableRootsAreWritable() throws IOException {
        Launcher.Result result = write(
                new SandboxPolicy.WorkspaceWrite(List.of(outside.toString()), false, false, false),
                outside.resolve("granted.txt"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(outside.resolve("granted.txt")).hasContent("sandboxed");
        // a relative root is relative to the policy's directory, not to where the command runs
        Path policyDir = Files.createDirectories(outside.resolve("policy"));
        Path granted = Files.createDirectories(outside.resolve("granted-rel"));
        cleanup.add(0, policyDir);
        cleanup.add(0, granted);
        Launcher.Result fromElsewhere = run(
                new SandboxPolicy.WorkspaceWrite(List.of("../granted-rel"), false, true, true),
                policyDir,
                workspace,
                Map.of(),
                "sh",
                "-c",
                "echo r > \"$1/r.txt\"",
                "sh",
                granted.toString());
        assertThat(fromElsewhere.exitCode()).as(fromElsewhere.toString()).isZero();
        assertThat(granted.resolve("r.txt")).hasContent("r");
    }

    @Test
    void argumentsAndEnvironmentArriveByteExactUnderTheCLocale() {
        Launcher.Result result = run(
                workspaceWrite(false),
                workspace,
                workspace,
                Map.of("LANG", "C", "LC_ALL", "C", "CODEX_TEST_VALUE", "ünï çødé"),
                "sh",
                "-c",
                "printf '%s|' \"$@\" \"$CODEX_TEST_VALUE\"",
                "sh",
                "héllo wörld",
                "$HOME",
                "",
                "日本");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("héllo wörld|$HOME||日本|ünï çødé|");
    }

    @Test
    void theCommandStartsWithACleanProcessState() {
        Launcher.Result result = run(
                workspaceWrite(false),
                "sh",
                "-c",
                "ls /proc/self/fd | tr '\\n' ' '; echo; grep -E '^(SigBlk|SigIgn|NoNewPrivs|Seccomp):' /proc/self/status");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        // ls sees 0-2 and the directory it is listing
        assertThat(result.stdout()).startsWith("0 1 2 3 \n");
        assertThat(result.stdout())
                .contains("SigBlk:\t0000000000000000")
                .contains("NoNewPrivs:\t1")
                .contains("Seccomp:\t2");
        // ignored signals are inherited as from any parent: the helper's JVM adds none
        Launcher.Result plain = Processes.run(new ProcessBuilder("grep", "^SigIgn:", "/proc/self/status"));
        long sandboxedIgnored = ignoredSignals(result.stdout());
        long plainIgnored = ignoredSignals(plain.stdout());
        assertThat(sandboxedIgnored & ~plainIgnored).as(result.stdout()).isZero();
    }

    private static long ignoredSignals(String status) {
        for (String line : status.split("\n", -1)) {
            if (line.startsWith("SigIgn:")) {
                return Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
            }
        }
        throw new AssertionError("no SigIgn line in " + status);
    }

    @Test
    void javaOptionsReachTheCommandButNotTheHelper() {
        Launcher.Result result = run(
                workspaceWrite(false),
                workspace,
                workspace,
                Map.of("JAVA_TOOL_OPTIONS", "-Dcodex.sandbox.test=1", "_JAVA_OPTIONS", "-Xmx64m"),
                "sh",
                "-c",
                "echo \"$JAVA_TOOL_OPTIONS|$_JAVA_OPTIONS|${CODEX_LINUX_SANDBOX_RESTORE_JAVA_TOOL_OPTIONS-gone}\"");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("-Dcodex.sandbox.test=1|-Xmx64m|gone\n");
        assertThat(result.stderr()).doesNotContain("Picked up");
    }

    @Test
    void dangerFullAccessRunsTheCommandAsItIs() {
        SpawnSpec spec = manager.prepare(
                SandboxType.LINUX_SECCOMP,
                new SandboxPolicy.DangerFullAccess(),
                workspace,
                workspace,
                List.of("sh", "-c", "grep NoNewPrivs /proc/self/status"),
                Map.of("PATH", "/usr/bin:/bin"));
        assertThat(spec.argv()).containsExactly("sh", "-c", "grep NoNewPrivs /proc/self/status");
        assertThat(spec.env()).doesNotContainKey(SandboxEnv.NETWORK_DISABLED);
        Launcher.Result result = Processes.run(spec.toProcessBuilder());
        assertThat(result.stdout()).isEqualTo("NoNewPrivs:\t0\n");
    }
}
