package io.codexquarkus.model;

import static io.codexquarkus.model.ModelFixtures.collect;
import static io.codexquarkus.model.ModelFixtures.env;
import static io.codexquarkus.model.ModelFixtures.failed;
import static io.codexquarkus.model.ModelFixtures.prompt;
import static io.codexquarkus.model.ModelFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModel.Delayed;
import io.codexquarkus.testing.MockModel.Dribbled;
import io.codexquarkus.testing.MockModel.Fault;
import io.codexquarkus.testing.MockModel.Reply;
import io.codexquarkus.testing.MockModel.Status;
import io.codexquarkus.testing.MockModelServer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults of a model server, each ending in a bounded time with a clear result: a dropped connection, a malformed response,
 * stalls before and after the headers, a huge event, absurd {@code Retry-After} values and a 100 kB error body.
 */
class ModelFaultSuiteTest {
    private static final String ANSWER = Sse.textAnswer("resp_ok", "Hel", "lo");

    @RegisterExtension
    static final MockModelServer MODEL = MockModelServer.perClass();

    private RecordingSleeper sleeper;
    private ModelClient client;

    @BeforeEach
    void reset() {
        MODEL.reset();
        sleeper = new RecordingSleeper();
        client = ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), sleeper));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static Reply sse(String body) {
        return new MockModel.Sse(body);
    }

    /** The replies answer in order: the first to the first request, and so on; the last one repeats. */
    private static void sequence(Reply... replies) {
        MODEL.server().sequence(replies);
    }

    private ModelFixtures.Provider provider() {
        ModelFixtures.Provider provider = ModelFixtures.provider(MODEL.baseUrl());
        provider.requestMaxRetries = 1;
        provider.streamMaxRetries = 1;
        provider.streamIdleTimeoutMs = 1_000;
        return provider;
    }

    private List<ResponseEvent> stream(ModelFixtures.Provider provider) {
        return collect(client.stream(request(provider.build(), "gpt-5", prompt("hi"))));
    }

    @Test
    void connectionDroppedThenAnswerIsRetried() {
        sequence(new Fault(Fault.Kind.DROP), sse(ANSWER));
        assertThat(stream(provider()).getLast()).isInstanceOf(ResponseEvent.Completed.class);
    }

    @Test
    void connectionDroppedEveryTimeEndsWithTheRetryLimit() {
        sequence(new Fault(Fault.Kind.DROP));
        String message = failed(stream(provider())).error().message();
        assertThat(message).startsWith("exceeded retry limit, last error:");
    }

    @Test
    void conflictingLengthHeadersBreakTheStreamAndAreRetriedWholeThenReported() {
        sequence(new Fault(Fault.Kind.CONFLICTING_LENGTHS));
        List<ResponseEvent> events = stream(provider());
        assertThat(failed(events).error().message()).isNotBlank();
    }

    @Test
    void closeMidBodyIsATransportFailure() {
        sequence(new Fault(Fault.Kind.CLOSE_MID_BODY));
        assertThat(failed(stream(provider())).error().message()).isNotBlank();
    }

    @Test
    void stallBeforeTheHeadersEndsAtTheIdleTimeout() {
        sequence(new Delayed(Duration.ofSeconds(5), sse(ANSWER)));
        long start = System.nanoTime();
        ResponseEvent.Failed failure = failed(stream(provider()));
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(Duration.ofSeconds(5)); // before the stalled answer
        assertThat(failure.error().message()).contains("idle timeout waiting for SSE");
    }

    @Test
    void stallAfterTheHeadersEndsAtTheIdleTimeout() {
        // headers at once, then the body in 2 pieces 6 s apart: the second never comes within the idle timeout
        sequence(new Dribbled(ANSWER, 2, Duration.ofSeconds(6)));
        ResponseEvent.Failed failure = failed(stream(provider()));
        assertThat(failure.error().message()).contains("idle timeout waiting for SSE");
    }

    @Test
    void bytesWithoutACompleteEventKeepTheStreamAlive() {
        // 10 pieces over 3 s, 1 s idle timeout: no complete event for most of that time, but bytes keep coming
        sequence(new Dribbled(ANSWER, 10, Duration.ofSeconds(3)));
        assertThat(stream(provider()).getLast()).isInstanceOf(ResponseEvent.Completed.class);
    }

    @Test
    void aThirtyMebibyteEventArrivesWhole() {
        StringBuilder text = new StringBuilder(30 * 1024 * 1024);
        while (text.length() < 30 * 1024 * 1024) {
            text.append("a long answer ✓ ");
        }
        sequence(sse(Sse.responses(
                Sse.created("resp_big"), Sse.assistantMessageDone(text.toString()), Sse.completed("resp_big"))));
        ModelFixtures.Provider provider = provider();
        provider.streamIdleTimeoutMs = 20_000;
        List<ResponseEvent> events = stream(provider);
        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(events)
                .filteredOn(e -> e instanceof ResponseEvent.OutputItemDone)
                .singleElement()
                .satisfies(e -> assertThat(((ResponseEvent.OutputItemDone) e).item())
                        .isInstanceOf(ResponseItem.Message.class)
                        .asString()
                        .contains(text.substring(0, 1000)));
    }

    @Test
    void retryAfterOfAnHourIsCappedAtTheMaximumDelay() {
        sequence(new Status(429, "{}", Map.of("Retry-After", "3600")), sse(ANSWER));
        assertThat(stream(provider()).getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(sleeper.delays()).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void retryAfterBeyondALongIsCappedWithoutOverflow() {
        sequence(new Status(503, "{}", Map.of("Retry-After", "9223372036854775807")), sse(ANSWER));
        ModelFixtures.Provider provider = provider();
        provider.requestMaxRetryDelayMs = 2_000;
        assertThat(stream(provider).getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String in20s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(20));
        sequence(new Status(429, "{}", Map.of("Retry-After", in20s)), sse(ANSWER));
        assertThat(stream(provider()).getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(sleeper.delays())
                .singleElement()
                .satisfies(delay -> assertThat(delay).isBetween(Duration.ofSeconds(17), Duration.ofSeconds(21)));
    }

    @Test
    void aHundredKilobyteErrorBodyIsCutInTheMessage() {
        String body = "{\"error\":{\"message\":\"" + "x".repeat(100_000) + "\",\"type\":\"invalid_request_error\"}}";
        sequence(new Status(400, body, Map.of()));
        String message = failed(stream(provider())).error().message();
        assertThat(message.length()).isLessThan(5_000);
        assertThat(message).startsWith("unexpected status 400").contains(body.length() + " bytes in all");
    }
}
