package io.codexquarkus.model;

import static io.codexquarkus.model.ModelFixtures.env;
import static io.codexquarkus.model.ModelFixtures.prompt;
import static io.codexquarkus.model.ModelFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.TokenUsage;
import io.codexquarkus.testing.MockModel;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cancelling a stream aborts its HTTP request; one client serves many streams at once. */
class CancellationAndConcurrencyTest {
    private MockModel server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** {@code parts} flushed {@code pause} apart; a client that goes away counts {@code disconnected} down. */
    private static MockModel.Reply streamNotingHangUp(List<String> parts, Duration pause, CountDownLatch disconnected) {
        return new MockModel.Custom((exchange, request) -> {
            try {
                MockModel.reply(exchange, request, new MockModel.Sse(parts, pause));
            } catch (IOException e) {
                disconnected.countDown();
            }
        });
    }

    /** A server that streams a delta every 20 ms for 20 s and notes when the client goes away. */
    private String endlessStream(CountDownLatch disconnected) {
        List<String> parts = new ArrayList<>();
        parts.add(Sse.responses(Sse.created("resp_endless"), Sse.textDelta("tick 0")));
        for (int i = 1; i < 1000; i++) {
            parts.add(Sse.responses(Sse.textDelta("tick " + i)));
        }
        server = MockModel.start(streamNotingHangUp(parts, Duration.ofMillis(20), disconnected));
        return server.baseUrl();
    }

    @Test
    void cancellingTheSubscriptionClosesTheConnection() throws Exception {
        CountDownLatch disconnected = new CountDownLatch(1);
        String base = endlessStream(disconnected);

        try (ModelClient client =
                ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), new RecordingSleeper()))) {
            List<ResponseEvent> first = client.stream(
                            request(ModelFixtures.provider(base).build(), "gpt-5", prompt("hi")))
                    .select()
                    .first(3)
                    .collect()
                    .asList()
                    .await()
                    .atMost(Duration.ofSeconds(10));

            assertThat(first)
                    .containsExactly(
                            new ResponseEvent.Created(),
                            new ResponseEvent.OutputTextDelta("tick 0"),
                            new ResponseEvent.OutputTextDelta("tick 1"));
            assertThat(disconnected.await(5, TimeUnit.SECONDS))
                    .as("the server notices the client hung up")
                    .isTrue();
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void cancellingBeforeTheResponseStartsClosesItQuietlyWhenItDoes() throws Exception {
        CountDownLatch disconnected = new CountDownLatch(1);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            parts.add(Sse.responses(Sse.textDelta("late " + i)));
        }
        server = MockModel.start(new MockModel.Delayed(
                Duration.ofSeconds(1), streamNotingHangUp(parts, Duration.ofMillis(20), disconnected)));
        String base = server.baseUrl();
        List<Throwable> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.smallrye.mutiny.infrastructure.Infrastructure.setDroppedExceptionHandler(dropped::add);
        try (ModelClient client =
                ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), new RecordingSleeper()))) {
            List<ResponseEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Cancellable subscription = client.stream(
                            request(ModelFixtures.provider(base).build(), "gpt-5", prompt("hi")))
                    .subscribe()
                    .with(seen::add);
            Thread.sleep(300);
            subscription.cancel();

            assertThat(disconnected.await(5, TimeUnit.SECONDS))
                    .as("the connection is closed once the response starts")
                    .isTrue();
            assertThat(seen).isEmpty();
            assertThat(dropped).isEmpty();
            assertThat(server.requests()).hasSize(1);
        } finally {
            io.smallrye.mutiny.infrastructure.Infrastructure.resetDroppedExceptionHandler();
        }
    }

    @Test
    void aConnectionLostAfterCancellingIsNotReportedAsDropped() throws Exception {
        CountDownLatch hungUp = new CountDownLatch(1);
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket socket = listener.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    Thread.sleep(800);
                } catch (IOException e) {
                    // the test failed early
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hungUp.countDown();
                }
            });
            String base = "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
            List<Throwable> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();
            io.smallrye.mutiny.infrastructure.Infrastructure.setDroppedExceptionHandler(dropped::add);
            try (ModelClient client =
                    ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), new RecordingSleeper()))) {
                Cancellable subscription = client.stream(
                                request(ModelFixtures.provider(base).build(), "gpt-5", prompt("hi")))
                        .subscribe()
                        .with(event -> {});
                Thread.sleep(300);
                subscription.cancel();
                assertThat(hungUp.await(5, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(300);

                assertThat(dropped)
                        .as("a request abandoned before its response fails quietly")
                        .isEmpty();
            } finally {
                io.smallrye.mutiny.infrastructure.Infrastructure.resetDroppedExceptionHandler();
            }
        }
    }

    @Test
    void cancellingDuringARetryWaitSendsNothingMore() throws Exception {
        server = MockModel.start(new MockModel.Status(503, "", Map.of("Retry-After", "2")));
        String base = server.baseUrl();

        try (ModelClient client =
                ModelClients.create(AuthProvider.none(), ModelFixtures.options(env(), Sleeper.timer()))) {
            List<ResponseEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            Cancellable subscription = client.stream(
                            request(ModelFixtures.provider(base).build(), "gpt-5", prompt("hi")))
                    .subscribe()
                    .with(seen::add);
            // on a loaded machine the first request can take longer than the wait: start counting once it is in
            server.awaitRequests(1, Duration.ofSeconds(10));
            Thread.sleep(500);
            subscription.cancel();
            Thread.sleep(2500);

            assertThat(server.requests()).hasSize(1);
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void moreStreamsThanTheRestClientDefaultPoolRunAtOnce() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        int count = 64;
        CountDownLatch allArrived = new CountDownLatch(count);
        try (MockModel server = MockModel.start(new MockModel.Custom((exchange, request) -> {
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    allArrived.countDown();
                    try {
                        allArrived.await(10, TimeUnit.SECONDS);
                        MockModel.reply(exchange, request, new MockModel.Sse(Sse.textAnswer("resp_many", "ok")));
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }));
                ModelClient client = ModelClients.create(
                        AuthProvider.none(), ModelFixtures.options(env(), new RecordingSleeper()))) {
            List<Uni<List<ResponseEvent>>> streams = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                streams.add(client.stream(
                                request(ModelFixtures.provider(server.baseUrl()).build(), "gpt-5", prompt("hi")))
                        .collect()
                        .asList());
            }

            List<List<ResponseEvent>> results =
                    Uni.join().all(streams).andFailFast().await().atMost(Duration.ofSeconds(30));

            assertThat(results)
                    .allSatisfy(events -> assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class));
            assertThat(mostInFlight.get()).isEqualTo(count);
        }
    }

    @Test
    void oneClientServesManyConcurrentStreams() {
        // each answer names the conversation its request carried in the session_id header
        try (MockModel model = MockModel.start(new MockModel.Chosen(r -> {
                    String session = r.header("session_id");
                    return new MockModel.Dribbled(
                            Sse.responses(
                                    Sse.created("resp_" + session),
                                    Sse.textDelta("for "),
                                    Sse.textDelta(session),
                                    Sse.completed("resp_" + session)),
                            4,
                            Duration.ofMillis(400));
                }));
                ModelClient client = ModelClients.create(
                        AuthProvider.none(), ModelFixtures.options(env(), new RecordingSleeper()))) {
            List<Uni<List<ResponseEvent>>> streams = new ArrayList<>();
            int count = 24;
            for (int i = 0; i < count; i++) {
                ModelRequest base =
                        request(ModelFixtures.provider(model.baseUrl()).build(), "gpt-5", prompt("hi"));
                ModelRequest request = new ModelRequest(
                        base.provider(),
                        base.model(),
                        "conversation-" + i,
                        base.effort(),
                        base.summary(),
                        base.verbosity(),
                        base.identity(),
                        base.prompt());
                streams.add(client.stream(request).collect().asList());
            }

            List<List<ResponseEvent>> results =
                    Uni.join().all(streams).andFailFast().await().atMost(Duration.ofSeconds(30));

            for (int i = 0; i < count; i++) {
                List<ResponseEvent> events = results.get(i);
                String text = events.stream()
                        .filter(e -> e instanceof ResponseEvent.OutputTextDelta)
                        .map(e -> ((ResponseEvent.OutputTextDelta) e).delta())
                        .collect(Collectors.joining());
                assertThat(text).isEqualTo("for conversation-" + i);
                assertThat(events.getLast())
                        .isEqualTo(new ResponseEvent.Completed(
                                "resp_conversation-" + i, Optional.of(new TokenUsage(10, 0, 5, 0, 15))));
            }
        }
    }
}
