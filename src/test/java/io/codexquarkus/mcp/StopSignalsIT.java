package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.config.CodexHome;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.McpServerProcess;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.ResponsesSse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No orphans (issue 13): SIGTERM, SIGINT or SIGHUP to {@code mcp} or {@code exec} while a sandboxed command runs ends
 * the server and every process the command started — the command itself, a child that ignores SIGTERM, and a
 * grandchild that was re-parented away from the tree and holds none of its pipes (only the command's process group
 * still reaches it). The evidence is the processes themselves, read from {@code /proc}.
 */
class StopSignalsIT {
    /** The command writes its pid, a TERM-proof child's and a detached grandchild's, then waits. */
    private static final String SCRIPT = "echo $$ > cmd.pid; "
            + "(trap '' TERM; exec sleep 300) & echo $! > child.pid; "
            + "((trap '' TERM; exec sleep 301 </dev/null >/dev/null 2>&1) & echo $! > orphan.pid); "
            + "trap '' TERM; wait";

    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static MockModelServer model;

    @BeforeAll
    static void start() {
        model = MockModelServer.start();
        model.writeConfig(home, "never", "workspace-write", "");
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    private void scriptCommand() {
        model.script(ResponsesSse.shell("call_wait", List.of("bash", "-c", SCRIPT), work.toString(), 600_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT", "HUP"})
    void mcpLeavesNoProcessBehind(String signal) throws Exception {
        scriptCommand();
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            client.initialize(true);
            call(client, "codex", args("wait for a long time", work));
            List<Long> pids = awaitPids(server.process());

            kill(signal, server.process().pid());
            assertThat(server.process().waitFor(10, TimeUnit.SECONDS))
                    .as("mcp exits after SIG%s%n%s", signal, server.transcript())
                    .isTrue();
            assertAllDead(pids, "mcp, SIG" + signal);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "HUP"})
    void execLeavesNoProcessBehind(String signal) throws Exception {
        scriptCommand();
        ProcessBuilder builder = new ProcessBuilder(
                        Launcher.command("exec", "--skip-git-repo-check", "--full-auto", "wait for a long time"))
                .directory(work.toFile());
        Launcher.baseEnvironment(builder.environment());
        builder.environment().put(CodexHome.ENV, home.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = Launcher.drain(process.getInputStream());
        CompletableFuture<String> stderr = Launcher.drain(process.getErrorStream());
        try {
            List<Long> pids = awaitPids(process);
            kill(signal, process.pid());
            assertThat(process.waitFor(10, TimeUnit.SECONDS))
                    .as("exec exits after SIG%s", signal)
                    .isTrue();
            stdout.get(10, TimeUnit.SECONDS);
            assertAllDead(pids, "exec, SIG" + signal + "\n" + stderr.get(10, TimeUnit.SECONDS));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The three pids once the command wrote them (the launcher execs java, so the server's pid is the JVM's). */
    private List<Long> awaitPids(Process server) throws Exception {
        List<Long> pids = List.of(
                McpIt.awaitPid(work.resolve("cmd.pid"), Duration.ofSeconds(60)),
                McpIt.awaitPid(work.resolve("child.pid"), Duration.ofSeconds(10)),
                McpIt.awaitPid(work.resolve("orphan.pid"), Duration.ofSeconds(10)));
        for (long pid : pids) {
            assertThat(McpIt.dead(pid))
                    .as("process %d runs before the signal", pid)
                    .isFalse();
        }
        assertThat(server.isAlive()).isTrue();
        return pids;
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static void assertAllDead(List<Long> pids, String context) throws Exception {
        List<Long> survivors = new ArrayList<>();
        for (long pid : pids) {
            try {
                McpIt.awaitDeath(pid, Duration.ofSeconds(3));
            } catch (AssertionError e) {
                survivors.add(pid);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        assertThat(survivors)
                .as("processes that outlived the server (%s)", context)
                .isEmpty();
    }
}
