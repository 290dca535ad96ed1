package io.codexquarkus.tools.process;

import io.codexquarkus.common.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Two threads that copy a command's stdout and stderr, in chunks of at most 8 KiB, into the collector. They are
 * platform daemon threads: a virtual thread blocked reading a plain pipe would pin its carrier (the JDK compensates
 * only for its own process streams), and two such readers can starve every virtual thread on a two-core machine.
 */
final class OutputReaders {
    private static final Logger LOG = Logger.getLogger(OutputReaders.class);

    private final StdioPipes pipes;
    private final OutputCollector collector;
    /** Completes when both readers reached end-of-file (or gave up): waits block on it instead of polling. */
    private final CompletableFuture<Void> finished;

    private volatile boolean abandoned;

    OutputReaders(StdioPipes pipes, OutputCollector collector, long pid) {
        this.pipes = pipes;
        this.collector = collector;
        CompletableFuture<Void> stdout = new CompletableFuture<>();
        CompletableFuture<Void> stderr = new CompletableFuture<>();
        this.finished = CompletableFuture.allOf(stdout, stderr);
        start(ExecStream.STDOUT, pid, stdout);
        start(ExecStream.STDERR, pid, stderr);
    }

    private void start(ExecStream stream, long pid, CompletableFuture<Void> done) {
        InputStream in = pipes.stream(stream);
        Thread.ofPlatform().daemon().name("exec-" + pid + "-" + stream.wire()).start(() -> {
            try {
                pump(stream, in);
            } finally {
                done.complete(null);
            }
        });
    }

    private void pump(ExecStream stream, InputStream in) {
        byte[] buffer = new byte[ProcessRunner.READ_CHUNK_BYTES];
        // Holding the stream's monitor keeps the JDK (when its own pipes are used) from draining and closing the pipe
        // the moment the child exits, which would lose what its descendants still write.
        synchronized (in) {
            try {
                int n;
                while ((n = in.read(buffer, 0, buffer.length)) != -1) {
                    if (abandoned) {
                        return;
                    }
                    collector.append(stream, buffer, n);
                }
            } catch (IOException e) {
                if (!abandoned) {
                    LOG.debugf(e, "reading %s failed", stream.wire());
                }
            }
        }
    }

    /**
     * Waits until both streams reached end-of-file, at most {@code max}. With {@code stopOnCancel} the wait also ends
     * (returning false) as soon as {@code token} is cancelled or the thread is interrupted; otherwise interrupts are
     * held back until the wait is over. The interrupt status is always left as it was found or set by an interrupt.
     */
    boolean await(Duration max, boolean stopOnCancel, Cancellation token) {
        long deadline = System.nanoTime() + max.toNanos();
        CompletableFuture<Void> stop = new CompletableFuture<>();
        Runnable unregister = stopOnCancel ? token.onCancel(() -> stop.complete(null)) : () -> {};
        CompletableFuture<Object> either = CompletableFuture.anyOf(finished, stop);
        boolean interrupted = false;
        try {
            while (!finished.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (stopOnCancel && (interrupted || stop.isDone()))) {
                    return false;
                }
                try {
                    either.get(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException | ExecutionException e) {
                    // the deadline passed (checked above); the futures never fail
                }
            }
            return true;
        } finally {
            unregister.run();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether both readers have finished. */
    boolean done() {
        return finished.isDone();
    }

    /**
     * Gives up on readers still blocked on a pipe held by a process we could not kill: they stop recording and, where
     * possible, are woken so their threads end.
     */
    void abandon() {
        abandoned = true;
        if (!pipes.wakeReaders()) {
            LOG.warn("a process outside the command's tree keeps its output pipe open; leaving its reader behind");
        }
    }
}
