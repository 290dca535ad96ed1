package io.codexquarkus.model;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * How the model client waits between retries. The default schedules a timer and never blocks a thread; tests swap in
 * one that records the delays and returns at once.
 */
@FunctionalInterface
public interface Sleeper {
    /** A {@code Uni} that completes (with {@code null}) once {@code delay} has passed; cancelling it stops the wait. */
    Uni<Void> sleep(Duration delay);

    static Sleeper timer() {
        return delay -> Uni.createFrom().voidItem().onItem().delayIt().by(delay);
    }
}
