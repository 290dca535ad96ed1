package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The fallback used where the runner cannot create its own pipes: the JDK's process pipes. */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessRunnerJdkPipesTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");

    @TempDir
    Path dir;

    private final ProcessRunner runner = new ProcessRunner(ProcessRunner.MAX_CAPTURE_BYTES, false);
    private final List<Long> strays = new ArrayList<>();

    @AfterEach
    void killStrays() {
        strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private ExecOutput run(String script, Duration timeout) {
        return runner.run(
                ExecRequest.of(List.of("/bin/sh", "-c", script), dir, ENV).withTimeout(timeout), OutputListener.NONE);
    }

    private long pid(ExecOutput output) {
        long pid =
                Long.parseLong(output.stdout().lines().findFirst().orElseThrow().trim());
        strays.add(pid);
        return pid;
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

    @Test
    void keepsStreamsApartAndInOrder() {
        List<String> chunks = new ArrayList<>();
        ExecOutput out = runner.run(
                ExecRequest.of(
                        List.of("/bin/sh", "-c", "printf a; sleep 0.2; printf b >&2; sleep 0.2; printf c"), dir, ENV),
                (stream, bytes) -> chunks.add(stream.wire() + ":" + new String(bytes, StandardCharsets.UTF_8)));

        assertThat(out.stdout()).isEqualTo("ac");
        assertThat(out.stderr()).isEqualTo("b");
        assertThat(out.aggregatedOutput()).isEqualTo("abc");
        assertThat(chunks).containsExactly("stdout:a", "stderr:b", "stdout:c");
    }

    @Test
    void keepsOutputWrittenAfterTheParentExited() {
        // the parent outlives the readers' start: with the JDK's pipes, a parent that exits before may lose its
        // leftovers' output (our own pipes have no such gap)
        ExecOutput out = run("(sleep 1.3; echo late) & sleep 1; echo early", Duration.ofSeconds(10));

        assertThat(out.stdout()).isEqualTo("early\nlate\n");
    }

    @Test
    void doesNotHangOnABackgroundChildHoldingThePipe() throws InterruptedException {
        long start = System.nanoTime();
        ExecOutput out = run("sleep 100 & echo $!; sleep 1", Duration.ofSeconds(30));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(out.exitCode()).isZero();
        long child = pid(out);
        Thread.sleep(200);
        assertThat(running(child)).isFalse();
    }

    @Test
    void timeoutKillsTheTree() throws InterruptedException {
        ExecOutput out = run("sleep 100 & echo $!; sleep 100", Duration.ofMillis(500));

        assertThat(out.exitCode()).isEqualTo(124);
        assertThat(out.timedOut()).isTrue();
        long child = pid(out);
        Thread.sleep(200);
        assertThat(running(child)).isFalse();
    }
}
