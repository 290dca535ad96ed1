package io.codexquarkus.auth;

import io.codexquarkus.config.AuthMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Delivers {@code authStatusChange} to the listeners of one {@link AuthService}, or holds the notifications a thread
 * causes until its scope closes, so that a front end can send the reply to a login or logout first.
 */
public final class AuthStatusNotifier {
    private static final Logger LOG = Logger.getLogger(AuthStatusNotifier.class);
    /** Notifications held back by {@link #deferNotifications()} on this thread. */
    private static final ThreadLocal<List<Runnable>> DEFERRED = new ThreadLocal<>();

    private final List<AuthStatusListener> listeners = new CopyOnWriteArrayList<>();

    /** A scope from {@link #deferNotifications()}; closing it delivers what was held back. */
    @FunctionalInterface
    public interface NotificationScope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers a listener for logins and logouts.
     *
     * @return removes the listener again
     */
    Runnable add(AuthStatusListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Holds back the notifications this thread causes until the returned scope closes. */
    NotificationScope deferNotifications() {
        if (DEFERRED.get() != null) {
            return () -> {};
        }
        List<Runnable> queue = new ArrayList<>();
        DEFERRED.set(queue);
        return () -> {
            DEFERRED.remove();
            queue.forEach(Runnable::run);
        };
    }

    /** Delivers {@code change} now, or when this thread's deferring scope closes. */
    void fire(Optional<AuthMethod> change) {
        List<Runnable> queue = DEFERRED.get();
        if (queue != null) {
            queue.add(() -> deliver(change));
        } else {
            deliver(change);
        }
    }

    private void deliver(Optional<AuthMethod> change) {
        for (AuthStatusListener listener : listeners) {
            try {
                listener.authStatusChanged(change);
            } catch (RuntimeException e) {
                LOG.warnf(e, "auth status listener failed");
            }
        }
    }
}
