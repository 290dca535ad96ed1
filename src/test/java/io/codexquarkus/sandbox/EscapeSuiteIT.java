package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.sandbox.linux.LinuxCapabilities;
import io.codexquarkus.testing.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's escape suite through the real helper: {@code codex-quarkus sandbox linux} from the packaged runner jar
 * runs {@code escape/probe.py}, which tries every way out (writes through a symlink, a hard link, {@code ..}, {@code
 * /proc/self/root}, a rename; chmod, chown, utime and xattrs outside; TCP, UDP and IPv6 to loopback; AF_UNIX datagrams
 * to a path and an abstract name by sendto, sendmsg and connect; kill and ptrace of an outside process; new user,
 * network and mount namespaces; a BPF map). Each case is judged by what is seen outside ({@link EscapeWorld}): the
 * outside files unchanged, the listeners silent, the victim alive and untraced; only namespaces and BPF objects, which
 * exist only inside, are judged by the probe's own report. A control run without the sandbox shows that the same
 * probe does get out, so the evidence can tell. The suite runs as the invoking user (root in CI) and, when that is
 * root, again as uid 65534; the log says which ran.
 */
class EscapeSuiteIT {
    /** Cases that must succeed inside: the sandbox keeps ordinary local work possible. */
    private static final List<String> CONTROLS = List.of("inside-write", "socketpair");

    private static final List<String> CASES = List.of(
            "inside-write",
            "symlink-dir",
            "symlink-file",
            "hard-link",
            "dot-dot",
            "proc-self-root",
            "proc-self-cwd",
            "rename-out",
            "rename-in",
            "unlink-outside",
            "chmod",
            "chown",
            "utime",
            "setxattr",
            "removexattr",
            "git-dir",
            "codex-dir",
            "tcp4",
            "tcp6",
            "udp4-sendto",
            "udp4-sendmsg",
            "udp4-connect",
            "udp6-sendto",
            "udp6-sendmsg",
            "unix-path-sendto",
            "unix-path-sendmsg",
            "unix-path-connect",
            "unix-abstract-sendto",
            "unix-abstract-sendmsg",
            "unix-abstract-connect",
            "socketpair",
            "kill",
            "ptrace",
            "unshare-user",
            "unshare-net",
            "unshare-mount",
            "bpf");

    @TempDir
    static Path stage;

    private static EscapeScripts scripts;

    @BeforeAll
    static void requireLinuxSandbox() throws IOException {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "skipped: needs Linux");
        LinuxCapabilities caps = LinuxCapabilities.probe();
        if (!caps.usable()) {
            System.err.println("escape suite skipped: " + caps.missing());
        }
        // on Linux the suite must run: a host without Landlock or seccomp fails it instead of skipping it
        org.junit.jupiter.api.Assertions.assertTrue(
                caps.usable(), () -> "the sandbox is not usable here: " + caps.missing());
        scripts = EscapeScripts.stage(stage);
    }

    @Test
    void withoutTheSandboxTheProbeGetsOut() throws Exception {
        EscapeUser user = EscapeUser.current();
        Path workspace = workspace(user, "control");
        try (EscapeWorld world = EscapeWorld.create(user, scripts)) {
            Map<String, Object> before = world.snapshot();
            ProcessBuilder builder = new ProcessBuilder(
                            scripts.python(),
                            scripts.probe().toString(),
                            world.probeConfig(workspace).toString())
                    .directory(workspace.toFile());
            Launcher.Result result = Processes.run(builder);
            assertThat(result.stdout()).as(result.toString()).contains("PROBE done");
            Map<String, List<String>> received = world.received();
            world.victim.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            Map<String, Object> after = world.snapshot();
            SoftAssertions soft = new SoftAssertions();
            // every piece of evidence the sandboxed runs check does show an escape here
            for (String key : before.keySet()) {
                soft.assertThat(after.get(key)).as("outside " + key).isNotEqualTo(before.get(key));
            }
            soft.assertThat(received.values())
                    .as("listeners")
                    .allSatisfy(got -> assertThat(got).isNotEmpty());
            soft.assertThat(world.victim.isAlive()).as("victim").isFalse();
            soft.assertThat(workspace.resolve(".git/x")).exists();
            soft.assertAll();
        }
        System.err.println("escape suite: control without the sandbox (" + user.label() + "): the probe gets out");
    }

    @Test
    void readOnlyAsTheInvokingUser() throws Exception {
        escape(EscapeUser.current(), scripts, false);
    }

    @Test
    void workspaceWriteAsTheInvokingUser() throws Exception {
        escape(EscapeUser.current(), scripts, true);
    }

    @Test
    void readOnlyAsAnUnprivilegedUser() throws Exception {
        EscapeScripts reachable = unprivileged();
        if (reachable != null) {
            escape(EscapeUser.nobody(), reachable, false);
        }
    }

    @Test
    void workspaceWriteAsAnUnprivilegedUser() throws Exception {
        EscapeScripts reachable = unprivileged();
        if (reachable != null) {
            escape(EscapeUser.nobody(), reachable, true);
        }
    }

    /**
     * With network access on, loopback traffic and datagrams to a path are the policy's to allow; what still guards
     * the abstract socket and the signal is the Landlock scope (ABI 6+), and the file system and the containment
     * filter are unchanged. Without scopes on this kernel the two cases are reported, not judged.
     */
    @Test
    void workspaceWriteWithNetworkAsTheInvokingUser() throws Exception {
        Set<String> allowed = new TreeSet<>(List.of(
                "tcp4",
                "tcp6",
                "udp4-sendto",
                "udp4-sendmsg",
                "udp4-connect",
                "udp6-sendto",
                "udp6-sendmsg",
                "unix-path-sendto",
                "unix-path-sendmsg",
                "unix-path-connect"));
        if (!LinuxCapabilities.probe().landlockScopes()) {
            System.err.println("escape suite: no Landlock scopes on this kernel: with network on, abstract sockets"
                    + " and signals to outside processes are not judged");
            allowed.addAll(List.of("unix-abstract-sendto", "unix-abstract-sendmsg", "unix-abstract-connect", "kill"));
        }
        escape(
                EscapeUser.current(),
                scripts,
                "workspace-write with network",
                List.of("sandbox_workspace_write.network_access=true"),
                allowed);
    }

    /** The programs as uid 65534 can run them, or null with the reason in the log (never a silent skip). */
    private static EscapeScripts unprivileged() throws IOException {
        int uid = EscapeUser.currentUid();
        if (uid != 0) {
            System.err.println("escape suite: no run as uid " + EscapeUser.NOBODY + ": the tests run as uid " + uid
                    + " (already unprivileged), which cannot switch users; the invoking-user runs covered it");
            return null;
        }
        if (!EscapeUser.current().can(List.of("setpriv", "--version"))) {
            System.err.println("escape suite: no run as uid " + EscapeUser.NOBODY + ": setpriv is not available");
            return null;
        }
        StringBuilder why = new StringBuilder();
        EscapeScripts reachable = scripts.reachableBy(EscapeUser.nobody(), stage, why);
        if (reachable == null) {
            System.err.println("escape suite: no run as uid " + EscapeUser.NOBODY + ": " + why);
        }
        return reachable;
    }

    private static Path workspace(EscapeUser user, String mode) throws IOException {
        Path workspace = Files.createDirectories(stage.resolve("ws-" + user.uid() + "-" + mode));
        Path git = Files.createDirectories(workspace.resolve(".git"));
        Path codex = Files.createDirectories(workspace.resolve(".codex"));
        Path home = Files.createDirectories(stage.resolve("home-" + user.uid() + "-" + mode));
        for (Path dir : List.of(workspace, git, codex, home)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        user.own(workspace, git, codex, home);
        return workspace;
    }

    private static void escape(EscapeUser user, EscapeScripts programs, boolean workspaceWrite) throws Exception {
        escape(user, programs, workspaceWrite ? "workspace-write" : "read-only", List.of(), Set.of());
    }

    /**
     * Runs the probe under {@code sandbox linux} as {@code user} and judges every case but the {@code allowed} ones
     * (those the policy lets through, such as loopback traffic when the network is on).
     *
     * @param mode read-only, workspace-write, or workspace-write plus a qualifier (a workspace-write policy)
     * @param config extra {@code -c key=value} arguments for the CLI
     */
    private static void escape(
            EscapeUser user, EscapeScripts programs, String mode, List<String> config, Set<String> allowed)
            throws Exception {
        boolean workspaceWrite = mode.startsWith("workspace-write");
        String dirName = mode.replace(' ', '-');
        Path workspace = workspace(user, dirName);
        Path home = stage.resolve("home-" + user.uid() + "-" + dirName);
        long started = System.nanoTime();
        try (EscapeWorld world = EscapeWorld.create(user, programs)) {
            Map<String, Object> before = world.snapshot();
            List<String> args = new ArrayList<>(List.of(programs.launcher().toString()));
            for (String setting : config) {
                args.addAll(List.of("-c", setting));
            }
            args.addAll(List.of("sandbox", "linux"));
            if (workspaceWrite) {
                args.add("--full-auto");
            }
            args.addAll(List.of(
                    "--",
                    programs.python(),
                    programs.probe().toString(),
                    world.probeConfig(workspace).toString()));
            ProcessBuilder builder = new ProcessBuilder(user.wrap(args)).directory(workspace.toFile());
            EscapeWorld.environment(builder.environment(), home, programs.jar());
            Launcher.Result result = Processes.run(builder);
            Map<String, List<String>> received = world.received();
            Map<String, Object> after = world.snapshot();
            Map<String, String> cases = cases(result.stdout());
            String context = user.label() + ", " + mode + "\n" + result;

            assertThat(result.stdout()).as(context).contains("PROBE done");
            assertThat(cases.keySet()).as(context).containsExactlyElementsOf(CASES);
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(cases.get("socketpair")).as("socketpair inside").isEqualTo("ok delivered");
            if (workspaceWrite) {
                soft.assertThat(cases.get("inside-write")).as("a write inside").startsWith("ok");
                soft.assertThat(workspace.resolve("inside.txt")).hasContent("inside");
            } else {
                soft.assertThat(cases.get("inside-write"))
                        .as("a write under read-only")
                        .startsWith("denied");
                soft.assertThat(workspace.resolve("inside.txt")).doesNotExist();
            }
            // the outside evidence, case by case, then all at once
            for (String file : EscapeWorld.FILES) {
                soft.assertThat(after.get(file))
                        .as(context + "\noutside file " + file)
                        .isEqualTo(before.get(file));
            }
            soft.assertThat(after.get("listing"))
                    .as(context + "\noutside listing")
                    .isEqualTo(before.get("listing"));
            received.forEach((socket, got) -> {
                if (allowed.stream().noneMatch(name -> listenerOf(name).equals(socket))) {
                    soft.assertThat(got)
                            .as(context + "\nlistener " + socket + " received")
                            .isEmpty();
                }
            });
            if (!allowed.contains("kill")) {
                soft.assertThat(world.victim.isAlive())
                        .as(context + "\nvictim alive")
                        .isTrue();
                soft.assertThat(world.victimState())
                        .as(context + "\nvictim state")
                        .matches("[SR] tracer 0");
            }
            soft.assertThat(workspace.resolve(".git/x")).as(context).doesNotExist();
            soft.assertThat(workspace.resolve(".codex/x")).as(context).doesNotExist();
            soft.assertThat(workspace.resolve("stolen.txt")).as(context).doesNotExist();
            // every attempt failed inside too; for namespaces and BPF maps this report is the only evidence there is
            cases.forEach((name, outcome) -> {
                if (!CONTROLS.contains(name) && !allowed.contains(name)) {
                    soft.assertThat(outcome).as(context + "\ncase " + name).startsWith("denied");
                }
            });
            soft.assertAll();
            System.err.printf(
                    "escape suite: ran as %s under %s: %d cases, none got out%s (%d ms)%n  %s%n",
                    user.label(),
                    mode,
                    cases.size(),
                    allowed.isEmpty() ? "" : " (allowed by the policy, not judged: " + allowed + ")",
                    (System.nanoTime() - started) / 1_000_000,
                    cases.toString().replace(", ", "\n  "));
        }
    }

    /** The listener socket a case aims at ({@code udp4-sendto} at {@code udp4}), or "" for other cases. */
    private static String listenerOf(String name) {
        for (String socket : List.of("tcp4", "tcp6", "udp4", "udp6", "unix-path", "unix-abstract")) {
            if (name.startsWith(socket)) {
                return socket.replace('-', '_');
            }
        }
        return "";
    }

    /** {@code CASE <name> <outcome…>} lines of the probe, in order. */
    private static Map<String, String> cases(String stdout) {
        Map<String, String> cases = new LinkedHashMap<>();
        for (String line : stdout.lines().toList()) {
            if (line.startsWith("CASE ")) {
                String[] parts = line.split(" ", 3);
                cases.put(parts[1], parts.length > 2 ? parts[2].strip() : "");
            }
        }
        return cases;
    }
}
