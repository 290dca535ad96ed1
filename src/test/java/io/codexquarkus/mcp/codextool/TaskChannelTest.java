package io.codexquarkus.mcp.codextool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.protocol.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A turn reporting to a task: statuses, approvals as inputRequests answered by tasks/update, cancel, timeouts. */
class TaskChannelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T09:00:00.123456Z"), ZoneOffset.UTC);

    /** A timer whose actions run only when the test fires them. */
    private static final class ManualTimer implements TaskChannel.Timer {
        final List<Runnable> scheduled = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();
        final List<CompletableFuture<Void>> futures = new ArrayList<>();

        @Override
        public ScheduledFuture<?> schedule(Runnable action, Duration delay) {
            scheduled.add(action);
            delays.add(delay);
            CompletableFuture<Void> future = new CompletableFuture<>();
            futures.add(future);
            return new Scheduled(future);
        }
    }

    private record Scheduled(CompletableFuture<Void> future) implements ScheduledFuture<Void> {
        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return future.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return future.isCancelled();
        }

        @Override
        public boolean isDone() {
            return future.isDone();
        }

        @Override
        public Void get() {
            return null;
        }

        @Override
        public Void get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    private final List<Op> submitted = new CopyOnWriteArrayList<>();
    private final ManualTimer timer = new ManualTimer();
    private final TurnActivity activity = new TurnActivity(() -> 0L);
    private final CallTask task =
            new CallTask("t1", "thread-1", CLOCK, Duration.ofHours(24), 1_000, activity::describe);
    private final TaskChannel channel = new TaskChannel(task, "7", activity, timer, Duration.ofMinutes(10), true);

    private ApprovalQuestion.Exec question(String callId) {
        Event event = new Event("sub-1", new EventMsg.ExecApprovalRequest(callId, List.of("touch", "f"), "/w", null));
        return new ApprovalQuestion.Exec("thread-1", submitted::add, event, (EventMsg.ExecApprovalRequest) event.msg());
    }

    private JsonNode get() {
        return Json.tree(task.snapshot(false));
    }

    private static JsonNode accept(String decision) {
        ObjectNode response = Json.MAPPER.createObjectNode().put("action", "accept");
        response.putObject("content").put("decision", decision);
        return response;
    }

    @Test
    void aNewTaskIsWorkingWithTimestampsTtlAndPollInterval() {
        JsonNode created = Json.tree(task.snapshot(true));
        assertThat(created.path("resultType").asText()).isEqualTo("task");
        assertThat(created.path("taskId").asText()).isEqualTo("t1");
        assertThat(created.path("status").asText()).isEqualTo("working");
        assertThat(created.path("createdAt").asText()).isEqualTo("2026-12-06T09:00:00.123Z");
        assertThat(created.path("lastUpdatedAt").asText()).isEqualTo("2026-12-06T09:00:00.123Z");
        assertThat(created.path("ttlMs").asLong()).isEqualTo(86_400_000L);
        // young tasks are polled quickly, so a call that ends within seconds comes back within a fraction of one
        assertThat(created.path("pollIntervalMs").asLong()).isEqualTo(200L);
        assertThat(created.path("statusMessage").asText()).startsWith("starting the turn");
        assertThat(created.path("_meta").path("threadId").asText()).isEqualTo("thread-1");
        assertThat(get().has("resultType"))
                .as("tasks/get gets resultType complete on the way out")
                .isFalse();
        assertThat(get().has("inputRequests")).isFalse();
    }

    @Test
    void anApprovalMakesTheTaskInputRequiredUntilTasksUpdateAnswersIt() {
        activity.on(question("c1").request());
        channel.ask(question("c1"));
        JsonNode waiting = get();
        assertThat(waiting.path("status").asText()).isEqualTo("input_required");
        assertThat(waiting.path("statusMessage").asText()).startsWith("waiting for approval to run `touch f`");
        JsonNode requests = waiting.path("inputRequests");
        assertThat(requests.size()).isEqualTo(1);
        String key = requests.fieldNames().next();
        assertThat(requests.path(key).path("method").asText()).isEqualTo("elicitation/create");
        assertThat(requests.path(key).path("params").path("mode").asText()).isEqualTo("form");
        assertThat(requests.path(key)
                        .path("params")
                        .path("codex_mcp_tool_call_id")
                        .asText())
                .isEqualTo("7");
        assertThat(timer.delays).containsExactly(Duration.ofMinutes(10));

        // unknown keys are ignored, the question stays open
        ObjectNode unknown = Json.MAPPER.createObjectNode();
        unknown.set("nope", accept("approved"));
        channel.answer(unknown);
        assertThat(submitted).isEmpty();
        assertThat(task.status()).isEqualTo(TaskStatus.INPUT_REQUIRED);

        ObjectNode responses = Json.MAPPER.createObjectNode();
        responses.set(key, accept("approved"));
        channel.answer(responses);
        assertThat(submitted).hasSize(1);
        assertThat(((Op.ExecApproval) submitted.get(0)).decision()).isEqualTo(ReviewDecision.APPROVED);
        assertThat(task.status()).isEqualTo(TaskStatus.WORKING);
        assertThat(timer.futures.get(0).isCancelled())
                .as("the timeout is disarmed")
                .isTrue();

        // an answered key is ignored when it comes again
        channel.answer(responses);
        assertThat(submitted).hasSize(1);
    }

    @Test
    void keysAreUniqueOverTheTasksLifeEvenWhenTheQuestionRepeatsItsEventId() {
        channel.ask(question("c1"));
        String first = get().path("inputRequests").fieldNames().next();
        ObjectNode responses = Json.MAPPER.createObjectNode();
        responses.set(first, Json.parse("{\"action\":\"decline\"}"));
        channel.answer(responses);
        assertThat(((Op.ExecApproval) submitted.get(0)).decision()).isEqualTo(ReviewDecision.DENIED);

        channel.ask(question("c2"));
        String second = get().path("inputRequests").fieldNames().next();
        assertThat(second).isNotEqualTo(first);
        channel.answer(responses);
        assertThat(submitted)
                .as("the first key does not answer the second question")
                .hasSize(1);
    }

    @Test
    void anUnansweredApprovalAbortsTheTurnAfterTheTimeoutAndTheTaskSaysWhy() throws Exception {
        channel.ask(question("c1"));
        timer.scheduled.get(0).run();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (submitted.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(submitted).hasSize(1);
        assertThat(((Op.ExecApproval) submitted.get(0)).decision()).isEqualTo(ReviewDecision.ABORT);
        assertThat(task.status()).isEqualTo(TaskStatus.WORKING);
        channel.withdrawAll("the turn was interrupted");
        channel.aborted("thread-1");
        JsonNode done = get();
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("result").path("isError").asBoolean()).isTrue();
        assertThat(done.path("result").path("content").path(0).path("text").asText())
                .contains("no answer to the approval within");
        assertThat(done.path("result")
                        .path("structuredContent")
                        .path("threadId")
                        .asText())
                .isEqualTo("thread-1");
    }

    @Test
    void finishCompletesWithExactlyTheCallToolResult() {
        JsonNode result = ToolResults.success("thread-1", "done");
        channel.finish(result);
        JsonNode done = get();
        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.path("result")).isEqualTo(result);
        assertThat(done.has("error")).isFalse();
        // the first outcome wins
        channel.aborted("thread-1");
        assertThat(get().path("status").asText()).isEqualTo("completed");
    }

    @Test
    void cancelInterruptsTheTurnAndTheAbortMakesItCancelled() {
        AtomicInteger interrupts = new AtomicInteger();
        channel.start(interrupts::incrementAndGet);
        channel.ask(question("c1"));
        task.cancel();
        assertThat(interrupts).hasValue(1);
        assertThat(task.status())
                .as("eventually consistent: cancelled once the turn stopped")
                .isNotEqualTo(TaskStatus.CANCELLED);
        task.cancel();
        assertThat(interrupts).as("a second cancel does nothing more").hasValue(1);
        channel.withdrawAll("the turn was interrupted");
        channel.aborted("thread-1");
        JsonNode done = get();
        assertThat(done.path("status").asText()).isEqualTo("cancelled");
        assertThat(done.has("inputRequests")).isFalse();
        assertThat(done.has("result")).isFalse();
        assertThat(timer.futures.get(0).isCancelled()).isTrue();
    }

    @Test
    void aCancelBeforeTheTurnStartedInterruptsItOnceItRuns() {
        AtomicInteger interrupts = new AtomicInteger();
        task.cancel();
        channel.start(interrupts::incrementAndGet);
        assertThat(interrupts).hasValue(1);
        channel.forward(new Event("sub-1", new EventMsg.TaskStarted(null)));
        assertThat(interrupts).as("again once the turn really started").hasValue(2);
    }

    @Test
    void aCancelAfterTheEndChangesNothing() {
        channel.finish(ToolResults.success("thread-1", "done"));
        task.cancel();
        assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void aClientWithoutElicitationIsNotAskedAndTheQuestionCountsAsDenied() {
        TaskChannel unaskable = new TaskChannel(task, "7", activity, timer, Duration.ofMinutes(10), false);
        unaskable.ask(question("c1"));
        assertThat(task.status()).isEqualTo(TaskStatus.WORKING);
        assertThat(submitted).hasSize(1);
        Op.ExecApproval answer = (Op.ExecApproval) submitted.get(0);
        assertThat(answer.decision()).isEqualTo(ReviewDecision.DENIED);
        assertThat(answer.reason()).contains("cannot be asked");
        assertThat(timer.scheduled).isEmpty();
    }

    @Test
    void anOlderTaskIsPolledAtTheSteadyInterval() {
        Instant later = CLOCK.instant().plus(CallTask.QUICK_POLLS_FOR).plusMillis(1);
        Clock[] now = {CLOCK};
        Clock moving = new Clock() {
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
                return now[0].instant();
            }
        };
        CallTask aging = new CallTask("t2", "thread-1", moving, Duration.ofHours(24), 1_000, activity::describe);
        assertThat(Json.tree(aging.snapshot(true)).path("pollIntervalMs").asLong())
                .isEqualTo(200L);
        now[0] = Clock.fixed(later, ZoneOffset.UTC);
        assertThat(Json.tree(aging.snapshot(false)).path("pollIntervalMs").asLong())
                .isEqualTo(1_000L);
    }

    @Test
    void theWireShapesAreTheExtensionsInItsOrder() {
        activity.on(new EventMsg.TaskStarted(null));
        assertThat(Json.write(task.snapshot(true)))
                .isEqualTo("{\"resultType\":\"task\",\"taskId\":\"t1\",\"status\":\"working\","
                        + "\"statusMessage\":\"waiting for the model — 0 s\",\"createdAt\":\"2026-12-06T09:00:00.123Z\","
                        + "\"lastUpdatedAt\":\"2026-12-06T09:00:00.123Z\",\"ttlMs\":86400000,\"pollIntervalMs\":200,"
                        + "\"_meta\":{\"threadId\":\"thread-1\"}}");
        channel.finish(ToolResults.error("thread-1", "boom"));
        assertThat(Json.write(task.snapshot(false)))
                .isEqualTo(
                        "{\"taskId\":\"t1\",\"status\":\"completed\",\"statusMessage\":\"the turn ended with an error\","
                                + "\"createdAt\":\"2026-12-06T09:00:00.123Z\",\"lastUpdatedAt\":\"2026-12-06T09:00:00.123Z\","
                                + "\"ttlMs\":86400000,\"pollIntervalMs\":200,\"result\":{\"content\":[{\"type\":\"text\","
                                + "\"text\":\"boom\"}],\"structuredContent\":{\"threadId\":\"thread-1\",\"content\":\"boom\"},"
                                + "\"isError\":true},\"_meta\":{\"threadId\":\"thread-1\"}}");
    }

    @Test
    void aFailedTaskCarriesTheJsonRpcError() {
        task.end(new CallTask.Outcome.Failed(io.codexquarkus.mcp.jsonrpc.JsonRpcError.of(-32603, "the session broke")));
        JsonNode failed = get();
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error")).isEqualTo(Json.parse("{\"code\":-32603,\"message\":\"the session broke\"}"));
        assertThat(failed.path("statusMessage").asText()).isEqualTo("the session broke");
        assertThat(failed.has("result")).isFalse();
    }
}
