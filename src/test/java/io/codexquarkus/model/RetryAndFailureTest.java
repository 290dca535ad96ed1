package io.codexquarkus.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.codexquarkus.model.ModelFixtures.collect;
import static io.codexquarkus.model.ModelFixtures.env;
import static io.codexquarkus.model.ModelFixtures.failed;
import static io.codexquarkus.model.ModelFixtures.prompt;
import static io.codexquarkus.model.ModelFixtures.provider;
import static io.codexquarkus.model.ModelFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.testing.MockModel;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP-level and stream-level retries, and the failures that end a round-trip. */
class RetryAndFailureTest {
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

    /** The stubs answer in order: the first response to the first request, and so on; the last one repeats. */
    private static void sequence(ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            boolean last = i == responses.length - 1;
            server.stubFor(post("/v1/responses")
                    .inScenario("sequence")
                    .whenScenarioStateIs(state(i))
                    .willSetStateTo(last ? state(i) : state(i + 1))
                    .willReturn(responses[i]));
        }
    }

    private static String state(int step) {
        return step == 0 ? Scenario.STARTED : "step" + step;
    }

    private ModelFixtures.Provider provider() {
        return ModelFixtures.provider(server.baseUrl() + "/v1");
    }

    private List<ResponseEvent> stream(ModelFixtures.Provider provider) {
        return collect(client.stream(request(provider.build(), "gpt-5", prompt("hi"))));
    }

    private static int requests() {
        return server.countRequestsMatching(
                        postRequestedFor(urlEqualTo("/v1/responses")).build())
                .getCount();
    }

    @Test
    void rateLimitThenSuccessWaitsForRetryAfterSilently() {
        sequence(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{}"), sse(ANSWER));

        List<ResponseEvent> events = stream(provider());

        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(events).noneMatch(e -> e instanceof ResponseEvent.StreamRetry);
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void retryAfterIsHonouredForReal() {
        sequence(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{}"), sse(ANSWER));
        ModelClient realTime = ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), Sleeper.timer()));
        try {
            long start = System.nanoTime();
            List<ResponseEvent> events =
                    collect(realTime.stream(request(provider().build(), "gpt-5", prompt("hi"))));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
            assertThat(elapsed).isBetween(Duration.ofMillis(950), Duration.ofSeconds(10));
        } finally {
            realTime.close();
        }
    }

    @Test
    void serverErrorsUntilRequestRetriesRunOut() {
        sequence(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}"));
        ModelFixtures.Provider provider = provider();
        provider.requestMaxRetries = 2;

        ResponseEvent.Failed failed = failed(stream(provider));

        assertThat(requests()).isEqualTo(3);
        assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(failed.error())
                .isEqualTo(new ModelError(
                        ModelError.Kind.RETRY_LIMIT,
                        "We're currently experiencing high demand, which may cause temporary errors.",
                        Optional.of(500)));
    }

    @Test
    void lastStatusIsNamedWhenRetriesRunOut() {
        sequence(aResponse().withStatus(429).withBody("{\"error\":{\"type\":\"rate_limit_exceeded\"}}"));
        ModelFixtures.Provider provider = provider();
        provider.requestMaxRetries = 1;
        assertThat(failed(stream(provider)).error().message())
                .isEqualTo("exceeded retry limit, last status: 429 Too Many Requests");
        assertThat(requests()).isEqualTo(2);

        server.resetAll();
        sequence(aResponse().withStatus(503));
        assertThat(failed(stream(provider)).error().message())
                .isEqualTo("exceeded retry limit, last status: 503 Service Unavailable");
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        String body = "{\"error\":{\"message\":\"Unsupported model\",\"type\":\"invalid_request_error\"}}";
        sequence(aResponse().withStatus(400).withBody(body));

        ResponseEvent.Failed failed = failed(stream(provider()));

        assertThat(failed.error())
                .isEqualTo(new ModelError(
                        ModelError.Kind.UNEXPECTED_STATUS,
                        "unexpected status 400 Bad Request: " + body,
                        Optional.of(400)));
        assertThat(requests()).isEqualTo(1);
        assertThat(sleeper.delays()).isEmpty();
    }

    @Test
    void usageLimitsAreFatalWithAClearMessage() {
        sequence(aResponse()
                .withStatus(429)
                .withBody("{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"limit\",\"plan_type\":\"plus\","
                        + "\"resets_in_seconds\":3720}}"));
        ResponseEvent.Failed failed = failed(stream(provider()));
        assertThat(failed.error().kind()).isEqualTo(ModelError.Kind.USAGE_LIMIT);
        assertThat(failed.error().message())
                .isEqualTo("You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or wait"
                        + " for the limit to reset. Try again in 1 hour 2 minutes.");
        assertThat(requests()).isEqualTo(1);

        server.resetAll();
        sequence(aResponse().withStatus(429).withBody("{\"error\":{\"type\":\"usage_not_included\"}}"));
        assertThat(failed(stream(provider())).error())
                .isEqualTo(new ModelError(
                        ModelError.Kind.USAGE_LIMIT,
                        "To use Codex with your ChatGPT plan, upgrade to Plus: https://openai.com/chatgpt/pricing.",
                        Optional.of(429)));
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void contextWindowExceededIsFatal() {
        sequence(aResponse()
                .withStatus(400)
                .withBody("{\"error\":{\"message\":\"Your input exceeds the context window of this model.\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}"));
        ResponseEvent.Failed failed = failed(stream(provider()));
        assertThat(failed.error().kind()).isEqualTo(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED);
        assertThat(failed.error().message()).startsWith("Codex ran out of room in the model's context window.");

        server.resetAll();
        sequence(sse(Sse.responses(Sse.created("resp_cw"), """
                {"type":"response.failed","response":{"id":"resp_cw","status":"failed","error":{
                 "code":"context_length_exceeded","message":"Your input exceeds the context window."}}}""")));
        List<ResponseEvent> events = stream(provider());
        assertThat(failed(events).error().kind()).isEqualTo(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED);
        assertThat(events).noneMatch(e -> e instanceof ResponseEvent.StreamRetry);
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void streamCutMidwayIsRetriedWhole() {
        String cut = Sse.responses(Sse.created("resp_cut"), Sse.textDelta("Hel"))
                + "event: response.output_text.delta\ndata: {\"type\":\"response.output_te";
        sequence(sse(cut).withChunkedDribbleDelay(4, 200), sse(ANSWER).withChunkedDribbleDelay(4, 200));

        List<ResponseEvent> events = stream(provider());

        assertThat(events)
                .containsExactly(
                        new ResponseEvent.Created(),
                        new ResponseEvent.OutputTextDelta("Hel"),
                        new ResponseEvent.StreamRetry(
                                "stream error: stream disconnected before completion: stream closed before"
                                        + " response.completed; retrying 1/2 in 200ms…",
                                1,
                                2,
                                Duration.ofMillis(200)),
                        new ResponseEvent.Created(),
                        new ResponseEvent.OutputTextDelta("Hel"),
                        new ResponseEvent.OutputTextDelta("lo"),
                        events.get(6),
                        events.get(7));
        assertThat(events.get(6)).isInstanceOf(ResponseEvent.OutputItemDone.class);
        assertThat(events.get(7)).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void streamRetriesRunOut() {
        sequence(sse(Sse.responses(Sse.created("resp_x"))));
        ModelFixtures.Provider provider = provider();
        provider.streamMaxRetries = 2;

        List<ResponseEvent> events = stream(provider);

        assertThat(events.stream().filter(e -> e instanceof ResponseEvent.StreamRetry))
                .extracting(e -> ((ResponseEvent.StreamRetry) e).message())
                .containsExactly(
                        "stream error: stream disconnected before completion: stream closed before"
                                + " response.completed; retrying 1/2 in 200ms…",
                        "stream error: stream disconnected before completion: stream closed before"
                                + " response.completed; retrying 2/2 in 400ms…");
        assertThat(failed(events).error())
                .isEqualTo(ModelError.of(
                        ModelError.Kind.STREAM,
                        "stream disconnected before completion: stream closed before response.completed"));
        assertThat(requests()).isEqualTo(3);
    }

    @Test
    void idleTimeoutEndsAStalledStream() throws Exception {
        try (MockModel stalling = MockModel.start()) {
            stalling.script(
                    new MockModel.Sse(
                            List.of(
                                    Sse.responses(Sse.created("resp_idle"), Sse.textDelta("Hel")),
                                    Sse.responses(Sse.completed("resp_idle"))),
                            Duration.ofSeconds(3)),
                    new MockModel.Sse(ANSWER));
            ModelFixtures.Provider provider = ModelFixtures.provider(stalling.baseUrl());
            provider.streamIdleTimeoutMs = 400;

            long start = System.nanoTime();
            List<ResponseEvent> events = stream(provider);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(events.subList(0, 3))
                    .containsExactly(
                            new ResponseEvent.Created(),
                            new ResponseEvent.OutputTextDelta("Hel"),
                            new ResponseEvent.StreamRetry(
                                    "stream error: stream disconnected before completion: idle timeout waiting for"
                                            + " SSE; retrying 1/2 in 200ms…",
                                    1,
                                    2,
                                    Duration.ofMillis(200)));
            assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
            assertThat(elapsed).isLessThan(Duration.ofMillis(2500));
            assertThat(stalling.requests()).hasSize(2);
        }
    }

    @Test
    void idleTimeoutAlsoCoversAServerThatDoesNotAnswer() throws Exception {
        CountDownLatch lateAnswerSent = new CountDownLatch(1);
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Infrastructure.setDroppedExceptionHandler(dropped::add);
        try (MockModel slow = MockModel.start()) {
            slow.script(
                    new MockModel.Custom((exchange, request) -> {
                        Thread.sleep(1500);
                        try {
                            MockModel.reply(exchange, request, new MockModel.Sse(ANSWER));
                        } finally {
                            lateAnswerSent.countDown();
                        }
                    }),
                    new MockModel.Sse(ANSWER));
            ModelFixtures.Provider provider = ModelFixtures.provider(slow.baseUrl());
            provider.streamIdleTimeoutMs = 300;

            List<ResponseEvent> events = stream(provider);

            assertThat(events.getFirst()).isInstanceOf(ResponseEvent.StreamRetry.class);
            assertThat(((ResponseEvent.StreamRetry) events.getFirst()).message())
                    .contains("idle timeout waiting for SSE");
            assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
            assertThat(lateAnswerSent.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300);
            assertThat(dropped)
                    .as("the abandoned request ends without a stray failure")
                    .isEmpty();
        } finally {
            Infrastructure.resetDroppedExceptionHandler();
        }
    }

    @Test
    void malformedDataIsSkipped() {
        String body = "data: {oops\n\n" + "data: [1,2]\n\n" + "data:\n\n" + "data: \"text\"\n\n"
                + ": a comment line\n\n" + ANSWER + "data: {\"type\":\"response.output_text.delta\",\"delta\":";
        sequence(sse(body).withChunkedDribbleDelay(7, 200));

        List<ResponseEvent> events = stream(provider());

        assertThat(events).hasSize(5);
        assertThat(events.getFirst()).isEqualTo(new ResponseEvent.Created());
        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
    }

    @Test
    void aStreamOfGarbageFailsInsteadOfHanging() {
        sequence(sse("data: not json\n\ndata: {\"type\":\n\n"));
        ModelFixtures.Provider provider = provider();
        provider.streamMaxRetries = 1;

        List<ResponseEvent> events = stream(provider);

        assertThat(events).hasSize(2);
        assertThat(events.getFirst()).isInstanceOf(ResponseEvent.StreamRetry.class);
        assertThat(failed(events).error().kind()).isEqualTo(ModelError.Kind.STREAM);
    }

    @Test
    void rateLimitedResponseFailedWaitsAsTheServerAsks() {
        sequence(sse(Sse.responses(Sse.created("resp_rl"), """
                        {"type":"response.failed","response":{"id":"resp_rl","status":"failed","error":{
                         "code":"rate_limit_exceeded","message":"Rate limit reached for gpt-5 on tokens per min. \
                        Please try again in 1.898s. Visit https://platform.openai.com/account/rate-limits."}}}""")), sse(ANSWER));

        List<ResponseEvent> events = stream(provider());

        ResponseEvent.StreamRetry retry = (ResponseEvent.StreamRetry) events.get(1);
        assertThat(retry.delay()).isEqualTo(Duration.ofMillis(1898));
        assertThat(retry.message())
                .startsWith("stream error: stream disconnected before completion: Rate limit reached for gpt-5")
                .endsWith("; retrying 1/2 in 1.898s…");
        assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(1898));
        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
    }

    @Test
    void anErrorEventBreaksTheStream() {
        sequence(
                sse(Sse.responses(
                        Sse.created("resp_e"),
                        "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"upstream hiccup\"}")),
                sse(ANSWER));

        List<ResponseEvent> events = stream(provider());

        assertThat(((ResponseEvent.StreamRetry) events.get(1)).message())
                .isEqualTo("stream error: stream disconnected before completion: upstream hiccup; retrying 1/2 in"
                        + " 200ms…");
        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
    }

    @Test
    void connectionFailuresAreRetriedAtTheRequestLevel() {
        sequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), sse(ANSWER));

        List<ResponseEvent> events = stream(provider());

        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(events).noneMatch(e -> e instanceof ResponseEvent.StreamRetry);
        assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(200));
    }

    @Test
    void aServerThatIsNotThereFailsAfterTheRequestRetries() throws Exception {
        int port;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ModelFixtures.Provider provider = ModelFixtures.provider("http://127.0.0.1:" + port + "/v1");
        provider.requestMaxRetries = 2;

        ResponseEvent.Failed failed = failed(stream(provider));

        assertThat(failed.error().kind()).isEqualTo(ModelError.Kind.RETRY_LIMIT);
        assertThat(failed.error().message())
                .startsWith("exceeded retry limit, last error: ")
                .endsWith(" (http://127.0.0.1:" + port + "/v1/responses)");
        assertThat(sleeper.delays()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void missingApiKeyFailsWithTheProviderInstructionsAndSendsNothing() {
        sequence(sse(ANSWER));
        ModelFixtures.Provider provider = provider();
        provider.envKey = Optional.of("FOO_API_KEY");
        provider.envKeyInstructions = Optional.of("Create a key at https://foo.example/keys and export it.");

        ResponseEvent.Failed failed = failed(stream(provider));

        assertThat(failed.error())
                .isEqualTo(ModelError.of(
                        ModelError.Kind.MISSING_CREDENTIALS,
                        "Missing environment variable: `FOO_API_KEY`. Create a key at https://foo.example/keys and"
                                + " export it."));
        assertThat(requests()).isZero();
    }

    @Test
    void unauthorizedRefreshesTheLoginOnceAndRetries() {
        server.stubFor(post("/v1/responses")
                .withHeader("Authorization", equalTo("Bearer old-token"))
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"expired\"}}")));
        server.stubFor(post("/v1/responses")
                .withHeader("Authorization", equalTo("Bearer new-token"))
                .withHeader("chatgpt-account-id", equalTo("acct-1"))
                .willReturn(sse(ANSWER)));
        FakeLogin login = new FakeLogin("old-token", Optional.of("new-token"));
        ModelFixtures.Provider provider = provider();
        provider.envKey = Optional.empty();
        provider.requiresOpenaiAuth = true;

        try (ModelClient withLogin = ModelClients.create(login, ModelFixtures.options(Map.of(), sleeper))) {
            List<ResponseEvent> events = collect(withLogin.stream(request(provider.build(), "gpt-5", prompt("hi"))));
            assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
        }
        assertThat(login.refreshes).hasValue(1);
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void unauthorizedAfterTheRefreshIsFinal() {
        server.stubFor(
                post("/v1/responses").willReturn(aResponse().withStatus(401).withBody("nope")));
        FakeLogin login = new FakeLogin("old-token", Optional.of("new-token"));
        ModelFixtures.Provider provider = provider();
        provider.envKey = Optional.empty();
        provider.requiresOpenaiAuth = true;

        try (ModelClient withLogin = ModelClients.create(login, ModelFixtures.options(Map.of(), sleeper))) {
            ResponseEvent.Failed failed =
                    failed(collect(withLogin.stream(request(provider.build(), "gpt-5", prompt("hi")))));
            assertThat(failed.error())
                    .isEqualTo(new ModelError(
                            ModelError.Kind.UNAUTHORIZED,
                            "unexpected status 401 Unauthorized: nope",
                            Optional.of(401)));
        }
        assertThat(login.refreshes).hasValue(1);
        assertThat(requests()).isEqualTo(2);

        server.resetRequests();
        ResponseEvent.Failed withKey = failed(stream(provider()));
        assertThat(withKey.error().kind()).isEqualTo(ModelError.Kind.UNAUTHORIZED);
        assertThat(requests()).as("an env_key credential is not refreshed").isEqualTo(1);
    }

    @Test
    void aRefusedRefreshEndsTheStreamWithItsMessage() {
        server.stubFor(
                post("/v1/responses").willReturn(aResponse().withStatus(401).withBody("expired")));
        FakeLogin login = new FakeLogin("old-token", Optional.empty());
        login.refusal = "Your access token could not be refreshed. Please log out and sign in again.";
        ModelFixtures.Provider provider = provider();
        provider.envKey = Optional.empty();
        provider.requiresOpenaiAuth = true;

        try (ModelClient withLogin = ModelClients.create(login, ModelFixtures.options(Map.of(), sleeper))) {
            ResponseEvent.Failed failed =
                    failed(collect(withLogin.stream(request(provider.build(), "gpt-5", prompt("hi")))));
            assertThat(failed.error()).isEqualTo(ModelError.of(ModelError.Kind.UNAUTHORIZED, login.refusal));
        }
    }

    /** A ChatGPT login whose refresh hands out another token, nothing, or a refusal. */
    private static final class FakeLogin implements AuthProvider {
        private final String token;
        private final Optional<String> refreshed;
        final java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
        String refusal;

        FakeLogin(String token, Optional<String> refreshed) {
            this.token = token;
            this.refreshed = refreshed;
        }

        @Override
        public Optional<io.codexquarkus.model.auth.ModelAuth> current() {
            return Optional.of(new io.codexquarkus.model.auth.ModelAuth.ChatGpt(token, Optional.of("acct-1")));
        }

        @Override
        public Optional<io.codexquarkus.model.auth.ModelAuth> refreshAfterUnauthorized() {
            refreshes.incrementAndGet();
            if (refusal != null) {
                throw new io.codexquarkus.common.CodexException(3, refusal);
            }
            return refreshed.map(t -> new io.codexquarkus.model.auth.ModelAuth.ChatGpt(t, Optional.of("acct-1")));
        }
    }
}
