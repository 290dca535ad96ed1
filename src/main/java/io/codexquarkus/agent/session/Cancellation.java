package io.codexquarkus.agent.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cancellation of one task, passed down instead of spraying thread interrupts: whoever starts something abortable (a
 * model stream, a child process, an approval wait) registers how to stop it.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Runs {@code callback} on cancellation, or now when already cancelled. Returns a handle to unregister. */
    public Runnable onCancel(Runnable callback) {
        callbacks.add(callback);
        if (cancelled.get() && callbacks.remove(callback)) {
            callback.run();
        }
        return () -> callbacks.remove(callback);
    }

    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            for (Runnable callback : callbacks) {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    // one failing stop must not keep the others from running
                }
            }
            callbacks.clear();
        }
    }
}
