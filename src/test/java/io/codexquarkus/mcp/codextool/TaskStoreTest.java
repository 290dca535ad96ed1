package io.codexquarkus.mcp.codextool;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.mcp.protocol.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Task ids, lookup, expiry and the close of the connection. */
class TaskStoreTest {
    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-12-06T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final TaskStore store = new TaskStore(true, clock, Duration.ofHours(1));

    private CallTask add() {
        TurnActivity activity = new TurnActivity();
        CallTask task = store.newTask("thread-1", activity);
        store.add(task, new TaskChannel(task, "1", activity, (action, delay) -> null, Duration.ofMinutes(1), true));
        return task;
    }

    @Test
    void idsCarry128RandomBits() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = store.newId();
            assertThat(id).matches("[0-9a-f]{32}");
            ids.add(id);
        }
        assertThat(ids).hasSize(1_000);
    }

    @Test
    void aTaskIsFoundFromItsCreationAndUnknownIdsAreNot() {
        CallTask task = add();
        assertThat(store.find(task.id()))
                .isInstanceOfSatisfying(
                        TaskStore.Lookup.Found.class,
                        found -> assertThat(found.task()).isSameAs(task));
        assertThat(store.find("0123456789abcdef0123456789abcdef")).isInstanceOf(TaskStore.Lookup.Unknown.class);
    }

    @Test
    void anExpiredTaskIsReportedExpiredOnceThenForgottenAndItsTurnCancelled() {
        CallTask task = add();
        AtomicInteger interrupts = new AtomicInteger();
        task.started(interrupts::incrementAndGet);
        clock.now = clock.now.plus(Duration.ofMinutes(59));
        assertThat(store.find(task.id())).isInstanceOf(TaskStore.Lookup.Found.class);
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(store.find(task.id())).isInstanceOf(TaskStore.Lookup.Expired.class);
        assertThat(interrupts)
                .as("a turn still running at expiry is interrupted")
                .hasValue(1);
        assertThat(store.find(task.id())).isInstanceOf(TaskStore.Lookup.Unknown.class);
    }

    @Test
    void creatingATaskPurgesTheExpiredOnes() {
        CallTask old = add();
        old.end(new CallTask.Outcome.Completed(ToolResults.success("t", "x")));
        clock.now = clock.now.plus(Duration.ofHours(2));
        add();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.find(old.id())).isInstanceOf(TaskStore.Lookup.Unknown.class);
    }

    @Test
    void closeInterruptsEveryRunningTurn() {
        CallTask running = add();
        AtomicInteger interrupts = new AtomicInteger();
        running.started(interrupts::incrementAndGet);
        CallTask done = add();
        AtomicInteger doneInterrupts = new AtomicInteger();
        done.started(doneInterrupts::incrementAndGet);
        done.end(new CallTask.Outcome.Completed(ToolResults.success("t", "x")));
        store.close();
        assertThat(interrupts).hasValue(1);
        assertThat(doneInterrupts).hasValue(0);
        assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
    }
}
