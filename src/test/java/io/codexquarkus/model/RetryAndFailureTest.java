package io.codexquarkus.model;

import static io.codexquarkus.model.ModelFixtures.collect;
import static io.codexquarkus.model.ModelFixtures.env;
import static io.codexquarkus.model.ModelFixtures.failed;
import static io.codexquarkus.model.ModelFixtures.prompt;
import static io.codexquarkus.model.ModelFixtures.provider;
import static io.codexquarkus.model.ModelFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModel.Chosen;
import io.codexquarkus.testing.MockModel.Dribbled;
import io.codexquarkus.testing.MockModel.Fault;
import io.codexquarkus.testing.MockModel.Reply;
import io.codexquarkus.testing.MockModel.Status;
import io.codexquarkus.testing.MockModelServer;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP-level and stream-level retries, and the failures that end a round-trip. */
class RetryAndFailureTest {
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
        return ModelFixtures.provider(MODEL.baseUrl());
    }

    private List<ResponseEvent> stream(ModelFixtures.Provider provider) {
        return collect(client.stream(request(provider.build(), "gpt-5", prompt("hi"))));
    }

    private static long requests() {
        return MODEL.server().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/v1/responses"))
                .count();
    }

    @Test
    void rateLimitThenSuccessWaitsForRetryAfterSilently() {
        sequence(new Status(429, "{}", Map.of("Retry-After", "1")), sse(ANSWER));

        List<ResponseEvent> events = stream(provider());

        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
        assertThat(events).noneMatch(e -> e instanceof ResponseEvent.StreamRetry);
        assertThat(sleeper.delays()).containsExactly(Duration.ofSeconds(1));
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void retryAfterIsHonouredForReal() {
        sequence(new Status(429, "{}", Map.of("Retry-After", "1")), sse(ANSWER));
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
        sequence(new Status(500, "{\"error\":{\"message\":\"boom\"}}", Map.of()));
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
        sequence(new Status(429, "{\"error\":{\"type\":\"rate_limit_exceeded\"}}", Map.of()));
        ModelFixtures.Provider provider = provider();
        provider.requestMaxRetries = 1;
        assertThat(failed(stream(provider)).error().message())
                .isEqualTo("exceeded retry limit, last status: 429 Too Many Requests");
        assertThat(requests()).isEqualTo(2);

        MODEL.reset();
        sequence(new Status(503, "", Map.of()));
        assertThat(failed(stream(provider)).error().message())
                .isEqualTo("exceeded retry limit, last status: 503 Service Unavailable");
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        String body = "{\"error\":{\"message\":\"Unsupported model\",\"type\":\"invalid_request_error\"}}";
        sequence(new Status(400, body, Map.of()));

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
        sequence(new Status(
                429,
                "{\"error\":{\"type\":\"usage_limit_reached\",\"message\":\"limit\",\"plan_type\":\"plus\","
                        + "\"resets_in_seconds\":3720}}",
                Map.of()));
        ResponseEvent.Failed failed = failed(stream(provider()));
        assertThat(failed.error().kind()).isEqualTo(ModelError.Kind.USAGE_LIMIT);
        assertThat(failed.error().message())
                .isEqualTo("You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or wait"
                        + " for the limit to reset. Try again in 1 hour 2 minutes.");
        assertThat(requests()).isEqualTo(1);

        MODEL.reset();
        sequence(new Status(429, "{\"error\":{\"type\":\"usage_not_included\"}}", Map.of()));
        assertThat(failed(stream(provider())).error())
                .isEqualTo(new ModelError(
                        ModelError.Kind.USAGE_LIMIT,
                        "To use Codex with your ChatGPT plan, upgrade to Plus: https://openai.com/chatgpt/pricing.",
                        Optional.of(429)));
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void contextWindowExceededIsFatal() {
        sequence(new Status(
                400,
                "{\"error\":{\"message\":\"Your input exceeds the context window of this model.\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}",
                Map.of()));
        ResponseEvent.Failed failed = failed(stream(provider()));
        assertThat(failed.error().kind()).isEqualTo(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED);
        assertThat(failed.error().message()).startsWith("Codex ran out of room in the model's context window.");

        MODEL.reset();
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
        sequence(new Dribbled(cut, 4, Duration.ofMillis(200)), new Dribbled(ANSWER, 4, Duration.ofMillis(200)));

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
            // one answer first with the default idle timeout, so the 300 ms below is not spent loading classes: alone
            // in a cold JVM on a busy machine, the first stream took longer than that even when answered at once
            slow.script(new MockModel.Sse(ANSWER));
            assertThat(stream(ModelFixtures.provider(slow.baseUrl())).getLast())
                    .isInstanceOf(ResponseEvent.Completed.class);
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
        sequence(new Dribbled(body, 7, Duration.ofMillis(200)));

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
        sequence(new Fault(Fault.Kind.DROP), sse(ANSWER));

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
        // like a stub per credential: a request with neither gets a 404
        MODEL.server().always(new Chosen(r -> {
            if ("Bearer old-token".equals(r.header("Authorization"))) {
                return new Status(401, "{\"error\":{\"message\":\"expired\"}}", Map.of());
            }
            if ("Bearer new-token".equals(r.header("Authorization"))
                    && "acct-1".equals(r.header("chatgpt-account-id"))) {
                return sse(ANSWER);
            }
            return new Status(404, "no reply for these credentials", Map.of());
        }));
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
        MODEL.server().always(new Status(401, "nope", Map.of()));
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

        MODEL.server().always(new Status(401, "nope", Map.of())); // the same reply, the request log cleared
        ResponseEvent.Failed withKey = failed(stream(provider()));
        assertThat(withKey.error().kind()).isEqualTo(ModelError.Kind.UNAUTHORIZED);
        assertThat(requests()).as("an env_key credential is not refreshed").isEqualTo(1);
    }

    @Test
    void aRefusedRefreshEndsTheStreamWithItsMessage() {
        MODEL.server().always(new Status(401, "expired", Map.of()));
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
