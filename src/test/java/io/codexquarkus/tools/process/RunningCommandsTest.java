package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Cancellation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shutdown hook does to running commands (SIGTERM, then SIGKILL after the grace), and the process-group kill
 * that reaches a detached grandchild holding none of the command's pipes. Real processes; the evidence is /proc.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunningCommandsTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LC_ALL", "C");
    /** Detached from the tree, no pipes: only a signal to the whole group reaches it. */
    private static final String DETACHED =
            "((trap '' TERM; exec sleep 301 </dev/null >/dev/null 2>&1) & echo $! > o); ";

    @TempDir
    Path dir;

    private final List<Long> strays = new ArrayList<>();

    @AfterEach
    void killStrays() {
        strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void parsesTheGroupAfterACommandNameWithParentheses() {
        assertThat(ProcessGroups.parseGroup("42 (a) b (c)) S 1 4242 4242 0 -1")).isEqualTo(4242);
        assertThat(ProcessGroups.parseGroup("garbage")).isEqualTo(-1);
        assertThat(ProcessGroups.groupOf(ProcessHandle.current().pid())).isPositive();
    }

    @Test
    void stopAllTermsThenKillsACommandThatIgnoresTerm() throws Exception {
        CompletableFuture<ExecOutput> run = start(
                "echo $$ > p; (trap '' TERM; exec sleep 300) & echo $! > c; trap '' TERM; wait", new Cancellation());
        long shell = awaitPid("p");
        long child = awaitPid("c");

        awaitRegistered();
        long stopping = System.nanoTime();
        assertThat(RunningCommands.stopAll(Duration.ofMillis(300))).isEqualTo(1);
        ExecOutput output = run.get(10, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - stopping);

        assertThat(running(shell)).isFalse();
        // the child's pipes close before /proc shows it dead: on a busy host that takes a moment after the run ends
        assertThat(stopsRunningWithin(child, Duration.ofSeconds(1))).isTrue();
        assertThat(output.exitCode()).isEqualTo(128 + NativeSignals.SIGKILL);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(RunningCommands.stopAll(Duration.ofMillis(300))).isZero();
    }

    @Test
    void stopAllEndsACooperativeCommandWithTerm() throws Exception {
        CompletableFuture<ExecOutput> run = start("echo $$ > p; exec sleep 300", new Cancellation());
        long shell = awaitPid("p");
        awaitRegistered();
        RunningCommands.stopAll(Duration.ofSeconds(5));
        assertThat(run.get(10, TimeUnit.SECONDS).exitCode()).isEqualTo(128 + NativeSignals.SIGTERM);
        assertThat(running(shell)).isFalse();
    }

    @Test
    void stopAllReachesTheWholeProcessGroupOfAGroupLeader() throws Exception {
        CompletableFuture<ExecOutput> run =
                startLeader("echo $$ > p; " + DETACHED + "trap '' TERM; sleep 300", new Cancellation());
        long leader = awaitPid("p");
        long detached = awaitPid("o");
        assertThat(ProcessGroups.groupOf(detached)).isEqualTo(leader);
        awaitRegistered();

        RunningCommands.stopAll(Duration.ofMillis(300));
        run.get(10, TimeUnit.SECONDS);
        assertThat(stopsRunningWithin(detached, Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void cancellingAGroupLeaderKillsItsDetachedGrandchild() throws Exception {
        Cancellation token = new Cancellation();
        CompletableFuture<ExecOutput> run = startLeader("echo $$ > p; " + DETACHED + "sleep 300", token);
        long leader = awaitPid("p");
        long detached = awaitPid("o");
        assertThat(ProcessGroups.groupOf(detached)).isEqualTo(leader);

        token.cancel();
        assertThat(run.get(10, TimeUnit.SECONDS).exitCode()).isEqualTo(ExecOutput.CANCELLED_EXIT_CODE);
        assertThat(stopsRunningWithin(detached, Duration.ofSeconds(3))).isTrue();
    }

    /** The command as the sandbox helper's {@code --process-group} leaves it: leading a group of its own. */
    private CompletableFuture<ExecOutput> startLeader(String script, Cancellation token) {
        return start("exec setsid sh -c \"" + script.replace("$", "\\$") + "\"", token);
    }

    private CompletableFuture<ExecOutput> start(String script, Cancellation token) {
        ExecRequest request = ExecRequest.of(List.of("/bin/sh", "-c", script), dir, ENV)
                .withTimeout(Duration.ofSeconds(50))
                .withCancellation(token);
        CompletableFuture<ExecOutput> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(new ProcessRunner().run(request, OutputListener.NONE));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The command writes its pid as soon as it runs, possibly before its runner has registered it. */
    private static void awaitRegistered() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (RunningCommands.count() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(RunningCommands.count()).isEqualTo(1);
    }

    private long awaitPid(String name) throws Exception {
        Path file = dir.resolve(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) {
                    long pid = Long.parseLong(text);
                    strays.add(pid);
                    return pid;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no pid in " + file);
    }

    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean stopsRunningWithin(long pid, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!running(pid)) {
                return true;
            }
            Thread.sleep(20);
        }
        return !running(pid);
    }
}
