package io.codexquarkus.model;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Sleeper} that returns at once and remembers every delay it was asked for. */
public final class RecordingSleeper implements Sleeper {
    private final List<Duration> delays = new CopyOnWriteArrayList<>();

    @Override
    public Uni<Void> sleep(Duration delay) {
        delays.add(delay);
        return Uni.createFrom().voidItem();
    }

    public List<Duration> delays() {
        return List.copyOf(delays);
    }
}
