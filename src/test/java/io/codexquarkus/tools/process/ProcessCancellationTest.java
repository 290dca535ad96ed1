package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Cancellation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner reacts to a {@link Cancellation} the moment it fires: it listens, it does not look now and then. */
class ProcessCancellationTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LC_ALL", "C");

    @TempDir
    Path dir;

    @Test
    void cancellingStopsARunningSleepAtOnce() throws Exception {
        Cancellation cancellation = new Cancellation();
        CountDownLatch started = new CountDownLatch(1);
        ExecRequest request = ExecRequest.of(List.of("/bin/sh", "-c", "echo started; exec sleep 30"), dir, ENV)
                .withTimeout(Duration.ofSeconds(60))
                .withCancellation(cancellation);
        OutputListener listener = (stream, chunk) -> {
            if (new String(chunk, StandardCharsets.UTF_8).contains("started")) {
                started.countDown();
            }
        };
        CompletableFuture<ExecOutput> running = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                running.complete(new ProcessRunner().run(request, listener));
            } catch (RuntimeException e) {
                running.completeExceptionally(e);
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        // the runner is now blocked on the sleep: only the cancellation's listener can wake it before 60 s
        assertThat(running).isNotDone();

        long cancelledAt = System.nanoTime();
        cancellation.cancel();
        ExecOutput out = running.get(5, TimeUnit.SECONDS);
        Duration reaction = Duration.ofNanos(System.nanoTime() - cancelledAt);

        assertThat(out.exitCode()).isEqualTo(ExecOutput.CANCELLED_EXIT_CODE);
        assertThat(out.stdout()).isEqualTo("started\n");
        // kill, reap and the closing pipes; no wait for a polling interval of the cancellation
        assertThat(reaction).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void aCancellationThatAlreadyFiredStopsTheCommandBeforeItRuns() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        long start = System.nanoTime();
        ExecOutput out = new ProcessRunner()
                .run(
                        ExecRequest.of(List.of("sleep", "30"), dir, ENV).withCancellation(cancellation),
                        OutputListener.NONE);
        assertThat(out.exitCode()).isEqualTo(ExecOutput.CANCELLED_EXIT_CODE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
}
