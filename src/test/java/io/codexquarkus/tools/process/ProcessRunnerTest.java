package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.Cancellation;
import io.codexquarkus.common.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: every test spawns {@code /bin/sh}, coreutils or python3. */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessRunnerTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LC_ALL", "C");

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner();
    private final List<Long> strays = new ArrayList<>();

    @AfterEach
    void killStrays() {
        strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private ExecRequest sh(String script) {
        return ExecRequest.of(List.of("/bin/sh", "-c", script), dir, ENV);
    }

    private ExecOutput run(ExecRequest request) {
        return runner.run(request, OutputListener.NONE);
    }

    /** Running (not a zombie) according to /proc: killed orphans may stay zombies if PID 1 does not reap them. */
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

    private long firstLineAsPid(ExecOutput output) {
        long pid =
                Long.parseLong(output.stdout().lines().findFirst().orElseThrow().trim());
        strays.add(pid);
        return pid;
    }

    private record Chunk(ExecStream stream, String text) {}

    @Test
    void reportsExitCodes() {
        ExecOutput ok = run(sh("true"));
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.success()).isTrue();
        assertThat(ok.timedOut()).isFalse();
        assertThat(ok.signal()).isEmpty();

        ExecOutput failed = run(sh("echo oops >&2; exit 3"));
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.success()).isFalse();
        assertThat(failed.stderr()).isEqualTo("oops\n");
        assertThat(failed.signal()).isEmpty();
    }

    @Test
    void runsInTheGivenDirectory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub dir"));
        ExecOutput out = run(ExecRequest.of(List.of("pwd"), sub, ENV));
        assertThat(out.stdout()).isEqualTo(sub.toRealPath() + "\n");
    }

    @Test
    void separatesStreamsAndKeepsArrivalOrder() {
        List<Chunk> chunks = new ArrayList<>();
        ExecOutput out = runner.run(
                sh("printf one; sleep 0.2; printf two >&2; sleep 0.2; printf three; sleep 0.2; printf four >&2"),
                (stream, bytes) -> chunks.add(new Chunk(stream, new String(bytes, StandardCharsets.UTF_8))));

        assertThat(out.stdout()).isEqualTo("onethree");
        assertThat(out.stderr()).isEqualTo("twofour");
        assertThat(out.aggregatedOutput()).isEqualTo("onetwothreefour");
        assertThat(chunks)
                .extracting(c -> c.stream() + ":" + c.text())
                .containsExactly("STDOUT:one", "STDERR:two", "STDOUT:three", "STDERR:four");
    }

    @Test
    void collectsSeveralMegabytesFromBothStreamsWithoutDeadlock() {
        List<Integer> chunkSizes = new ArrayList<>();
        String script = """
                import sys
                for i in range(40):
                    sys.stdout.write('o' * 100000); sys.stdout.flush()
                    sys.stderr.write('e' * 100000); sys.stderr.flush()
                """;
        ExecOutput out = runner.run(
                ExecRequest.of(List.of("python3", "-c", script), dir, ENV).withTimeout(Duration.ofSeconds(30)),
                (stream, bytes) -> chunkSizes.add(bytes.length));

        assertThat(out.exitCode()).isZero();
        assertThat(out.stdout()).hasSize(4_000_000).matches("o+");
        assertThat(out.stderr()).hasSize(4_000_000).matches("e+");
        assertThat(out.aggregatedOutput()).hasSize(8_000_000);
        assertThat(chunkSizes).allMatch(size -> size > 0 && size <= ProcessRunner.READ_CHUNK_BYTES);
        assertThat(chunkSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(8_000_000);
    }

    @Test
    void capsListenerCallsAndCapturedBytes() {
        int cap = 1024 * 1024;
        int[] calls = {0};
        long[] delivered = {0};
        ExecOutput out = new ProcessRunner(cap, true)
                .run(
                        sh("head -c 120000000 /dev/zero | tr '\\0' x; echo done >&2")
                                .withTimeout(Duration.ofSeconds(40)),
                        (stream, bytes) -> {
                            calls[0]++;
                            delivered[0] += bytes.length;
                        });

        assertThat(out.exitCode()).isZero();
        assertThat(calls[0]).isEqualTo(ProcessRunner.MAX_OUTPUT_DELTAS);
        assertThat(delivered[0]).isLessThanOrEqualTo(10_000L * ProcessRunner.READ_CHUNK_BYTES);
        assertThat(out.stdout()).hasSize(cap);
        assertThat(out.aggregatedOutput()).hasSize(cap);
        assertThat(out.stderr()).isEqualTo("done\n");
    }

    @Test
    void stdinIsDevNull() {
        ExecOutput cat = run(ExecRequest.of(List.of("cat"), dir, ENV).withTimeout(Duration.ofSeconds(5)));
        assertThat(cat.exitCode()).isZero();
        assertThat(cat.timedOut()).isFalse();
        assertThat(cat.stdout()).isEmpty();

        ExecOutput link = run(sh("readlink /proc/self/fd/0"));
        assertThat(link.stdout()).isEqualTo("/dev/null\n");
    }

    @Test
    void environmentIsExactlyTheGivenMap() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("ONLY_THIS", "value with spaces");
        env.put("EMPTY", "");

        ExecOutput out = run(ExecRequest.of(List.of("/usr/bin/env"), dir, env));

        assertThat(out.stdout().lines().sorted().toList())
                .containsExactly("EMPTY=", "ONLY_THIS=value with spaces", "PATH=/usr/bin:/bin");
    }

    @Test
    void timeoutKillsTheCommandAndItsChildren() throws InterruptedException {
        long start = System.nanoTime();
        ExecOutput out = run(sh("sleep 100 & echo $!; sleep 100").withTimeout(Duration.ofMillis(700)));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(out.timedOut()).isTrue();
        assertThat(out.exitCode()).isEqualTo(124);
        assertThat(out.signal()).isEmpty();
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(700)).isLessThan(Duration.ofMillis(2_500));
        assertThat(out.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        long child = firstLineAsPid(out);
        assertThat(stopsRunningWithin(child, Duration.ofMillis(500))).isTrue();

        String formatted = ExecOutputFormatter.formatOutput(out);
        assertThat(formatted)
                .startsWith("command timed out after " + out.duration().toMillis() + " milliseconds\n");
        assertThat(ExecOutputFormatter.formatForModel(out)).contains("\"exit_code\":124");
    }

    @Test
    void timeoutAlsoKillsOrphansStillHoldingTheOutput() throws InterruptedException {
        // the subshell exits at once, so the sleep is re-parented before the runner can see it as a descendant
        ExecOutput out = run(sh("(sleep 100 & echo $!); sleep 100").withTimeout(Duration.ofMillis(500)));

        assertThat(out.exitCode()).isEqualTo(124);
        assertThat(stopsRunningWithin(firstLineAsPid(out), Duration.ofMillis(500)))
                .isTrue();
    }

    @Test
    void cancellationKillsTheTreeWithinASecond() throws Exception {
        Cancellation token = new Cancellation();
        ExecRequest request = sh("sleep 100 & echo $!; sleep 100")
                .withTimeout(Duration.ofSeconds(60))
                .withCancellation(token);
        CompletableFuture<ExecOutput> running = CompletableFuture.supplyAsync(() -> run(request));

        Thread.sleep(500);
        long cancelledAt = System.nanoTime();
        token.cancel();
        ExecOutput out = running.get(5, TimeUnit.SECONDS);
        Duration reaction = Duration.ofNanos(System.nanoTime() - cancelledAt);

        assertThat(reaction).isLessThan(Duration.ofSeconds(1));
        assertThat(out.exitCode()).isEqualTo(137);
        assertThat(out.signal()).contains(9);
        assertThat(out.timedOut()).isFalse();
        assertThat(stopsRunningWithin(firstLineAsPid(out), Duration.ofMillis(500)))
                .isTrue();
    }

    @Test
    void interruptingTheCallerKillsTheCommand() throws Exception {
        AtomicReference<ExecOutput> result = new AtomicReference<>();
        AtomicReference<Boolean> interruptKept = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            result.set(run(sh("echo $$; sleep 100").withTimeout(Duration.ofSeconds(60))));
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        Thread.sleep(500);
        long interruptedAt = System.nanoTime();
        caller.interrupt();
        caller.join(Duration.ofSeconds(5));

        assertThat(caller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(result.get().exitCode()).isEqualTo(137);
        assertThat(interruptKept.get()).isTrue();
        assertThat(stopsRunningWithin(firstLineAsPid(result.get()), Duration.ofMillis(500)))
                .isTrue();
    }

    @Test
    void backgroundChildHoldingThePipeDoesNotHangTheCall() throws InterruptedException {
        long start = System.nanoTime();
        ExecOutput out = run(sh("sleep 100 & echo $!; echo started").withTimeout(Duration.ofSeconds(30)));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(out.exitCode()).isZero();
        assertThat(out.stdout()).endsWith("started\n");
        assertThat(elapsed)
                .isGreaterThanOrEqualTo(ProcessRunner.DRAIN_AFTER_EXIT)
                .isLessThan(Duration.ofSeconds(5));
        assertThat(stopsRunningWithin(firstLineAsPid(out), Duration.ofMillis(500)))
                .isTrue();
    }

    @Test
    void doubleForkedChildHoldingThePipeIsFoundAndKilled() throws InterruptedException {
        long start = System.nanoTime();
        ExecOutput out = run(sh("(sleep 100 & echo $!); echo parent done").withTimeout(Duration.ofSeconds(30)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(out.exitCode()).isZero();
        assertThat(out.stdout()).endsWith("parent done\n");
        assertThat(stopsRunningWithin(firstLineAsPid(out), Duration.ofMillis(500)))
                .isTrue();
    }

    @Test
    void outputWrittenByChildrenShortlyAfterTheParentExitsIsKept() {
        ExecOutput out = run(sh("(sleep 0.5; echo late; echo late-err >&2) & echo early"));

        assertThat(out.exitCode()).isZero();
        assertThat(out.stdout()).isEqualTo("early\nlate\n");
        assertThat(out.stderr()).isEqualTo("late-err\n");
    }

    @Test
    void detachedChildWithItsOwnOutputIsLeftAlone() {
        long start = System.nanoTime();
        ExecOutput out = run(sh("sleep 30 >/dev/null 2>&1 & echo $!"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ProcessRunner.DRAIN_AFTER_EXIT);
        assertThat(running(firstLineAsPid(out))).isTrue();
    }

    @Test
    void reportsDeathBySignal() {
        ExecOutput out = run(sh("echo before; kill -TERM $$; echo after"));

        assertThat(out.exitCode()).isEqualTo(143);
        assertThat(out.signal()).contains(15);
        assertThat(out.stdout()).isEqualTo("before\n");
        assertThat(out.timedOut()).isFalse();
    }

    @Test
    void missingProgramIsAClearError() {
        assertThatThrownBy(() -> run(ExecRequest.of(List.of("no-such-program-xyz", "--help"), dir, ENV)))
                .isInstanceOf(ExecSpawnException.class)
                .hasMessageStartingWith("program not found: no-such-program-xyz")
                .satisfies(e -> assertThat(((ExecSpawnException) e).exitCode()).isEqualTo(ExitCode.COMMAND_NOT_FOUND));
        assertThatThrownBy(() -> run(ExecRequest.of(List.of("./missing.sh"), dir, ENV)))
                .isInstanceOf(ExecSpawnException.class)
                .hasMessage("program not found: ./missing.sh");
    }

    @Test
    void missingWorkingDirectoryIsAClearError() throws IOException {
        Path missing = dir.resolve("gone");
        assertThatThrownBy(() -> run(ExecRequest.of(List.of("ls"), missing, ENV)))
                .isInstanceOf(ExecSpawnException.class)
                .hasMessage("working directory does not exist: " + missing);
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> run(ExecRequest.of(List.of("ls"), file, ENV)))
                .isInstanceOf(ExecSpawnException.class)
                .hasMessage("working directory is not a directory: " + file);
    }

    @Test
    void nonExecutableProgramIsAClearError() throws IOException {
        Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        assertThatThrownBy(() -> run(ExecRequest.of(List.of("./script.sh"), dir, ENV)))
                .isInstanceOf(ExecSpawnException.class)
                .hasMessage("program is not executable: ./script.sh");
    }

    @Test
    void spawnFailureOfTheOsIsReportedInOneLine() throws IOException {
        Path script = Files.writeString(dir.resolve("bad-interpreter"), "#!/no/such/interpreter\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> run(ExecRequest.of(List.of("./bad-interpreter"), dir, ENV)))
                .isInstanceOf(ExecSpawnException.class)
                .hasMessage("failed to start ./bad-interpreter: No such file or directory (os error 2)");
        ExecOutput reported = ExecOutput.spawnFailure("failed to start x: boom", Duration.ZERO);
        assertThat(reported.exitCode()).isEqualTo(-1);
        assertThat(reported.stderr()).isEqualTo("failed to start x: boom");
    }

    @Test
    void looksProgramsUpOnTheCommandsOwnPath() throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path tool = Files.writeString(bin.resolve("my-tool-xyz"), "#!/bin/sh\necho \"tool $0 $1\"\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin");

        ExecOutput out = run(ExecRequest.of(List.of("my-tool-xyz", "arg"), dir, env));

        assertThat(out.stdout()).isEqualTo("tool " + tool + " arg\n");
        ExecOutput relative = run(ExecRequest.of(List.of("bin/my-tool-xyz", "x"), dir, ENV));
        assertThat(relative.stdout()).isEqualTo("tool bin/my-tool-xyz x\n");
    }

    @Test
    void keepsTheProgramNameWhenPathsAgree() {
        ExecOutput out =
                run(ExecRequest.of(List.of("sh", "-c", "echo $0"), dir, Map.of("PATH", System.getenv("PATH"))));
        assertThat(out.stdout()).isEqualTo("sh\n");
    }

    @Test
    void invalidEnvironmentIsAClearError() {
        assertThatThrownBy(() -> run(ExecRequest.of(List.of("true"), dir, Map.of("A=B", "x", "PATH", "/bin"))))
                .isInstanceOf(ExecSpawnException.class)
                .hasMessageStartingWith("invalid environment for the command: ");
    }

    @Test
    void zeroTimeoutTimesOutAtOnce() {
        ExecOutput out = run(sh("sleep 5").withTimeout(Duration.ZERO));
        assertThat(out.timedOut()).isTrue();
        assertThat(out.exitCode()).isEqualTo(124);
    }

    @Test
    void hugeTimeoutsDoNotOverflow() {
        ExecOutput out = run(sh("echo fine").withTimeout(Duration.ofMillis(Long.MAX_VALUE)));
        assertThat(out.stdout()).isEqualTo("fine\n");
        assertThat(out.timedOut()).isFalse();
    }

    @Test
    void alreadyCancelledTokenStopsTheCommandAtOnce() {
        Cancellation token = new Cancellation();
        token.cancel();
        long start = System.nanoTime();
        ExecOutput out = run(sh("sleep 30").withCancellation(token));
        assertThat(out.exitCode()).isEqualTo(137);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void decodesInvalidUtf8Lossily() {
        ExecOutput out = run(sh("printf 'ok \\377 \\342\\202\\254\\n'"));
        assertThat(out.stdout()).isEqualTo("ok \uFFFD €\n");
        byte[] expected = "ok \uFFFD €\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Arrays.equals(out.aggregatedOutput().getBytes(StandardCharsets.UTF_8), expected))
                .isTrue();
    }

    @Test
    void leaksNoDescriptorsOrThreads() throws IOException, InterruptedException {
        for (int i = 0; i < 3; i++) {
            run(sh("echo warm-up"));
        }
        long fdsBefore = openDescriptors();
        for (int i = 0; i < 40; i++) {
            run(sh("echo out; echo err >&2"));
            run(sh("sleep 5").withTimeout(Duration.ofMillis(1)));
            assertThatThrownBy(() -> run(ExecRequest.of(List.of("no-such-program-xyz"), dir, ENV)))
                    .isInstanceOf(ExecSpawnException.class);
            assertThatThrownBy(() -> run(ExecRequest.of(List.of("./bad"), dir, ENV)))
                    .isInstanceOf(ExecSpawnException.class);
        }
        Thread.sleep(200);
        assertThat(openDescriptors()).isLessThanOrEqualTo(fdsBefore + 2);
        assertThat(Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("exec-") && t.isAlive()))
                .isEmpty();
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void requestsRejectNonsense() {
        assertThatThrownBy(() -> ExecRequest.of(List.of(), dir, ENV)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sh("true").withTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sh("true").effectiveTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ExecRequest.timeoutFromMillis(1500L)).contains(Duration.ofMillis(1500));
        assertThat(ExecRequest.timeoutFromMillis(null)).isEqualTo(Optional.empty());
    }
}
