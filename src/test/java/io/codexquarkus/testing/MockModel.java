package io.codexquarkus.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.codexquarkus.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Responses-API model server on 127.0.0.1 for tests of the packaged application (upstream's mock model server):
 * WireMock answers {@code POST /v1/responses} with scripted SSE bodies, call <i>n</i> getting body <i>n</i>; a call
 * beyond the script gets a 500 (with retries off, the turn fails loudly). Request bodies are kept for assertions.
 */
public final class MockModel implements AutoCloseable {
    public static final String PATH = "/v1/responses";
    private static final String SCENARIO = "model";

    private final WireMockServer server;

    public MockModel() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    /** The provider's {@code base_url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /**
     * Writes {@code config.toml} into {@code home}: the mock provider, {@code model = "mock-model"}, no retries, and
     * the given approval policy and sandbox mode; {@code extra} TOML is appended.
     */
    public void writeConfig(Path home, String approvalPolicy, String sandboxMode, String extra) {
        String toml = "model = \"mock-model\"\n"
                + "model_provider = \"mock\"\n"
                + "approval_policy = \"" + approvalPolicy + "\"\n"
                + "sandbox_mode = \"" + sandboxMode + "\"\n"
                + extra + "\n"
                + "[model_providers.mock]\n"
                + "name = \"mock\"\n"
                + "base_url = \"" + baseUrl() + "\"\n"
                + "wire_api = \"responses\"\n"
                + "request_max_retries = 0\n"
                + "stream_max_retries = 0\n";
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("config.toml"), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets earlier stubs and requests; call <i>n</i> (from 0) then gets {@code bodies[n]}. */
    public void script(String... bodies) {
        server.resetAll();
        for (int i = 0; i < bodies.length; i++) {
            server.stubFor(post(urlEqualTo(PATH))
                    .atPriority(1)
                    .inScenario(SCENARIO)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "call-" + i)
                    .willSetStateTo("call-" + (i + 1))
                    .willReturn(sse(bodies[i])));
        }
        server.stubFor(post(urlEqualTo(PATH))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"mock model: no scripted response for this call\"}}")));
    }

    /** Forgets earlier stubs and requests; every call gets {@code body}, after {@code delay}. */
    public void always(String body, Duration delay) {
        server.resetAll();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(sse(body).withFixedDelay((int) delay.toMillis())));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(body);
    }

    /** Bodies of the model requests received so far, oldest first. */
    public List<JsonNode> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        List<JsonNode> bodies = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            ServeEvent event = events.get(i);
            if (event.getRequest().getUrl().equals(PATH)) {
                bodies.add(Json.parse(event.getRequest().getBodyAsString()));
            }
        }
        return bodies;
    }

    /** Waits (bounded) until at least {@code count} requests arrived and returns them. */
    public List<JsonNode> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> seen = requests();
            if (seen.size() >= count) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "expected " + count + " model requests within " + timeout + ", got " + seen.size());
            }
            Thread.sleep(20);
        }
    }

    /** The {@code function_call_output} items a request carried, as {@code call_id -> output text}. */
    public static List<JsonNode> functionCallOutputs(JsonNode request) {
        List<JsonNode> outputs = new ArrayList<>();
        for (JsonNode item : request.path("input")) {
            if ("function_call_output".equals(item.path("type").asText())) {
                outputs.add(item);
            }
        }
        return outputs;
    }

    @Override
    public void close() {
        server.stop();
    }
}
