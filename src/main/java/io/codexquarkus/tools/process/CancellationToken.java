package io.codexquarkus.tools.process;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way switch that asks a running command to stop. {@link ProcessRunner} polls it while the command runs and,
 * once it is set, kills the whole process tree (within about 50 ms) and returns an output with exit code 137 (128 +
 * SIGKILL), as Codex does on Ctrl-C. Thread-safe; cancelling twice is harmless.
 */
public final class CancellationToken {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** Asks the command to stop. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled.get();
    }
}
