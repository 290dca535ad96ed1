package io.codexquarkus.tools.process;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts every command from one long-lived platform thread. The sandbox helper arms {@code PR_SET_PDEATHSIG}, and
 * Linux ties that signal to the <em>thread</em> that created the process, not to the JVM: a command started from a
 * virtual thread's carrier would be killed when that carrier retires after a quiet spell, in the middle of a long
 * build. This thread lives as long as the JVM, so the signal fires only when the server itself dies.
 */
final class Spawner {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Executor THREAD = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("codex-spawner").daemon(true).factory());

    private Spawner() {}

    /** {@link ProcessBuilder#start()} on the spawner thread; waits at most 30 s for it. */
    static Process start(ProcessBuilder builder) throws IOException {
        CompletableFuture<Process> started = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return builder.start();
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                },
                THREAD);
        try {
            return started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            abandon(started);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the command", e);
        } catch (TimeoutException e) {
            abandon(started);
            throw new IOException("the command did not start within " + START_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Nobody waits for this start any more: if it still succeeds, the process is killed at once. */
    private static void abandon(CompletableFuture<Process> started) {
        CompletableFuture<?> unused = started.thenAccept(Process::destroyForcibly); // nothing to wait for
    }
}
