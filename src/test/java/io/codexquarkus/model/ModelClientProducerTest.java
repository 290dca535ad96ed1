package io.codexquarkus.model;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The injectable client inside a booted Quarkus, on the application's Vert.x. */
@QuarkusTest
class ModelClientProducerTest {
    private static WireMockServer server;

    @Inject
    ModelClient client;

    @BeforeAll
    static void start() {
        server = ModelFixtures.wiremock(options());
        server.start();
        server.stubFor(post("/v1/responses")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(Sse.textAnswer("resp_cdi", "in", "jected"))
                        .withChunkedDribbleDelay(5, 200)));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void injectedClientStreams() {
        ModelFixtures.Provider provider = ModelFixtures.provider(server.baseUrl() + "/v1");
        provider.envKey = Optional.empty();

        List<ResponseEvent> events = ModelFixtures.collect(
                client.stream(ModelFixtures.request(provider.build(), "gpt-5", ModelFixtures.prompt("hi"))));

        assertThat(events)
                .filteredOn(e -> e instanceof ResponseEvent.OutputTextDelta)
                .containsExactly(new ResponseEvent.OutputTextDelta("in"), new ResponseEvent.OutputTextDelta("jected"));
        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Completed.class);
    }
}
