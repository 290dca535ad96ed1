package io.codexquarkus.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.codexquarkus.model.ModelFixtures.collect;
import static io.codexquarkus.model.ModelFixtures.env;
import static io.codexquarkus.model.ModelFixtures.failed;
import static io.codexquarkus.model.ModelFixtures.prompt;
import static io.codexquarkus.model.ModelFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of a model server, each ending in a bounded time with a clear result: connection reset, a malformed chunk,
 * stalls before and after the headers, a huge event, absurd {@code Retry-After} values and a 100 kB error body.
 */
class ModelFaultSuiteTest {
    private static final String ANSWER = Sse.textAnswer("resp_ok", "Hel", "lo");
    private static WireMockServer server;

    private RecordingSleeper sleeper;
    private ModelClient client;

    @BeforeAll
    static void start() {
        server = ModelFixtures.wiremock(options());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        sleeper = new RecordingSleeper();
        client = ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), sleeper));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static ResponseDefinitionBuilder sse(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }

    private static void sequence(ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            boolean last = i == responses.length - 1;
            server.stubFor(post("/v1/responses")
                    .inScenario("sequence")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step" + i)
                    .willSetStateTo(last ? (i == 0 ? Scenario.STARTED : "step" + i) : "step" + (i + 1))
                    .willReturn(responses[i]));
        }
    }

    private ModelFixtures.Provider provider() {
        ModelFixtures.Provider provider = ModelFixtures.provider(server.baseUrl() + "/v1");
        provider.requestMaxRetries = 1;
        provider.streamMaxRetries = 1;
        provider.streamIdleTimeoutMs = 1_000;
        return provider;
    }

    private List<ResponseEvent> stream(ModelFixtures.Provider provider) {
        return collect(client.stream(request(provider.build(), "gpt-5", prompt("hi"))));
    }

    @Test
    void connectionResetThenAnswerIsRetried() {
        sequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), sse(ANSWER));
        assertThat(stream(provider()).getLast()).isInstanceOf(ResponseEvent.Completed.class);
    }

    @Test
    void connectionResetEveryTimeEndsWithTheRetryLimit() {
        sequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        String message = failed(stream(provider())).error().message();
        assertThat(message).startsWith("exceeded retry limit, last error:");
    }

    @Test
    void malformedChunkBreaksTheStreamAndIsRetriedWholeThenReported() {
        sequence(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        List<ResponseEvent> events = stream(provider());
        assertThat(failed(events).error().message()).isNotBlank();
    }

    @Test
    void randomDataThenCloseIsATransportFailure() {
        sequence(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
        assertThat(failed(stream(provider())).error().message()).isNotBlank();
    }

    @Test
    void stallBeforeTheHeadersEndsAtTheIdleTimeout() {
        sequence(sse(ANSWER).withFixedDelay(5_000));
        long start = System.nanoTime();
        ResponseEvent.Failed failure = failed(stream(provider()));
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(Duration.ofSeconds(5)); // before the stalled answer
        assertThat(failure.error().message()).contains("idle timeout waiting for SSE");
    }

    @Test
    void stallAfterTheHeadersEndsAtTheIdleTimeout() {
        // headers at once, then the body in 2 pieces 6 s apart: the second never comes within the idle timeout
        sequence(sse(ANSWER).withChunkedDribbleDelay(2, 6_000));
        ResponseEvent.Failed failure = failed(stream(provider()));
        assertThat(failure.error().message()).contains("idle timeout waiting for SSE");
    }

    @Test
    void bytesWithoutACompleteEventKeepTheStreamAlive() {
        // 10 pieces over 3 s, 1 s idle timeout: no complete event for most of that time, but bytes keep coming
        sequence(sse(ANSWER).withChunkedDribbleDelay(10, 3_000));
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
        sequence(aResponse().withStatus(429).withHeader("Retry-After", "3600").withBody("{}"), sse(ANSWER));
        assertThat(stream(provider()).getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(sleeper.delays()).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void retryAfterBeyondALongIsCappedWithoutOverflow() {
        sequence(
                aResponse()
                        .withStatus(503)
                        .withHeader("Retry-After", "9223372036854775807")
                        .withBody("{}"),
                sse(ANSWER));
        ModelFixtures.Provider provider = provider();
        provider.requestMaxRetryDelayMs = 2_000;
        assertThat(stream(provider).getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonoured() {
        String in20s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(20));
        sequence(aResponse().withStatus(429).withHeader("Retry-After", in20s).withBody("{}"), sse(ANSWER));
        assertThat(stream(provider()).getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(sleeper.delays())
                .singleElement()
                .satisfies(delay -> assertThat(delay).isBetween(Duration.ofSeconds(17), Duration.ofSeconds(21)));
    }

    @Test
    void aHundredKilobyteErrorBodyIsCutInTheMessage() {
        String body = "{\"error\":{\"message\":\"" + "x".repeat(100_000) + "\",\"type\":\"invalid_request_error\"}}";
        sequence(aResponse().withStatus(400).withBody(body));
        String message = failed(stream(provider())).error().message();
        assertThat(message.length()).isLessThan(5_000);
        assertThat(message).startsWith("unexpected status 400").contains(body.length() + " bytes in all");
    }
}
