package io.codexquarkus.tools.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Two threads that copy a command's stdout and stderr, in chunks of at most 8 KiB, into the collector. They are
 * platform daemon threads: a virtual thread blocked reading a plain pipe would pin its carrier (the JDK compensates
 * only for its own process streams), and two such readers can starve every virtual thread on a two-core machine.
 */
final class OutputReaders {
    private static final Logger LOG = Logger.getLogger(OutputReaders.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final StdioPipes pipes;
    private final OutputCollector collector;
    private final List<Thread> threads;
    private volatile boolean abandoned;

    OutputReaders(StdioPipes pipes, OutputCollector collector, long pid) {
        this.pipes = pipes;
        this.collector = collector;
        this.threads = List.of(start(ExecStream.STDOUT, pid), start(ExecStream.STDERR, pid));
    }

    private Thread start(ExecStream stream, long pid) {
        InputStream in = pipes.stream(stream);
        return Thread.ofPlatform()
                .daemon()
                .name("exec-" + pid + "-" + stream.wire())
                .start(() -> pump(stream, in));
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
    boolean await(Duration max, boolean stopOnCancel, CancellationToken token) {
        long deadline = System.nanoTime() + max.toNanos();
        boolean interrupted = false;
        try {
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || (stopOnCancel && (interrupted || token.isCancelled()))) {
                        return false;
                    }
                    try {
                        thread.join(Duration.ofNanos(Math.min(left, POLL.toNanos())));
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether both readers have finished. */
    boolean done() {
        return threads.stream().noneMatch(Thread::isAlive);
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
