package io.codexquarkus.common;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way switch that stops something running: a turn, the processes of its tools, an MCP request. Whoever starts
 * something abortable registers how to stop it with {@link #onCancel}; nobody polls {@link #isCancelled()} to find
 * out. Thread-safe; cancelling twice is harmless.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Runs {@code callback} on cancellation (on the cancelling thread), or now when already cancelled. Returns a
     * handle that unregisters it; callbacks must be short and must not block.
     */
    public Runnable onCancel(Runnable callback) {
        callbacks.add(callback);
        if (cancelled.get() && callbacks.remove(callback)) {
            callback.run();
        }
        return () -> callbacks.remove(callback);
    }

    /** Cancels, running every registered callback once. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            // a snapshot; removing first means a callback registered concurrently runs in onCancel or here, never twice
            for (Runnable callback : List.copyOf(callbacks)) {
                if (callbacks.remove(callback)) {
                    try {
                        callback.run();
                    } catch (RuntimeException e) {
                        // one failing stop must not keep the others from running
                    }
                }
            }
        }
    }
}
