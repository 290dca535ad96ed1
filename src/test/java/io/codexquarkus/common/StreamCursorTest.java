package io.codexquarkus.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamCursorTest {
    @Test
    void asksForOneItemPerNextAndNeverAhead() throws Exception {
        AtomicLong requested = new AtomicLong();
        Multi<Integer> source = Multi.createFrom().range(1, 100).onRequest().invoke(requested::addAndGet);
        try (StreamCursor<Integer> cursor = StreamCursor.open(source)) {
            assertThat(requested).hasValue(0);
            assertThat(cursor.next()).contains(1);
            assertThat(cursor.next()).contains(2);
            assertThat(requested).hasValue(2);
        }
    }

    @Test
    void endsWithTheStreamAndReportsAFailure() throws Exception {
        try (StreamCursor<String> cursor = StreamCursor.open(Multi.createFrom().items("a"))) {
            assertThat(cursor.next()).contains("a");
            assertThat(cursor.next()).isEmpty();
        }
        try (StreamCursor<String> cursor =
                StreamCursor.open(Multi.createFrom().failure(new IllegalStateException("broken")))) {
            assertThatThrownBy(cursor::next)
                    .isInstanceOf(StreamCursor.StreamFailedException.class)
                    .hasRootCauseMessage("broken");
        }
    }

    @Test
    void closingWakesAWaitingReaderAndCancelsTheSource() throws Exception {
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        Multi<String> silent =
                Multi.createFrom().<String>nothing().onCancellation().invoke(() -> cancelled.complete(null));
        StreamCursor<String> cursor = StreamCursor.open(silent);
        assertThat(cursor.next(Duration.ofMillis(100))).isEmpty(); // nothing comes on its own
        CompletableFuture<Optional<String>> read = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                read.complete(cursor.next());
            } catch (InterruptedException | RuntimeException e) {
                read.completeExceptionally(e);
            }
        });
        cursor.close();
        assertThat(read.get(2, TimeUnit.SECONDS)).isEmpty();
        cancelled.get(2, TimeUnit.SECONDS);
    }
}
