package io.codexquarkus.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {
    @Test
    void runsEachListenerOnceOnCancel() {
        Cancellation cancellation = new Cancellation();
        AtomicInteger calls = new AtomicInteger();
        cancellation.onCancel(calls::incrementAndGet);
        cancellation.onCancel(calls::incrementAndGet);
        assertThat(calls).hasValue(0);
        cancellation.cancel();
        cancellation.cancel();
        assertThat(calls).hasValue(2);
        assertThat(cancellation.isCancelled()).isTrue();
    }

    @Test
    void aListenerAddedAfterTheCancelRunsAtOnce() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        AtomicInteger calls = new AtomicInteger();
        cancellation.onCancel(calls::incrementAndGet);
        assertThat(calls).hasValue(1);
    }

    @Test
    void anUnregisteredListenerDoesNotRunAndAFailingOneDoesNotStopTheOthers() {
        Cancellation cancellation = new Cancellation();
        AtomicInteger calls = new AtomicInteger();
        Runnable unregister = cancellation.onCancel(calls::incrementAndGet);
        cancellation.onCancel(() -> {
            throw new IllegalStateException("boom");
        });
        cancellation.onCancel(() -> calls.addAndGet(10));
        unregister.run();
        cancellation.cancel();
        assertThat(calls).hasValue(10);
    }
}
