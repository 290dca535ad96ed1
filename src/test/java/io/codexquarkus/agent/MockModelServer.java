package io.codexquarkus.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.Sse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * WireMock playing a Responses API provider on 127.0.0.1 for tests that run real turns through the real model client:
 * a script of SSE bodies served one per request, the recorded request bodies, and the {@code config.toml} that points
 * a {@code mock} provider at it (no retries, so a failure shows at once).
 */
public final class MockModelServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final String PATH = "/v1/responses";
    private static final String SCENARIO = "turns";

    private final WireMockServer server;

    private MockModelServer(WireMockServer server) {
        this.server = server;
    }

    public static MockModelServer start() {
        MockModelServer model = perClass();
        model.server.start();
        return model;
    }

    /**
     * A server for a test class, started before its first test and stopped after its last:
     * {@code @RegisterExtension static final MockModelServer model = MockModelServer.perClass();}
     */
    public static MockModelServer perClass() {
        return new MockModelServer(new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    /** Forgets stubs, scenario state and recorded requests. */
    public void reset() {
        server.resetAll();
    }

    /**
     * Serves {@code sseBodies} in order, one per request. A request past the end of the script gets HTTP 400 naming
     * it, so an unexpected extra round-trip fails the turn instead of hanging it.
     */
    public void script(String... sseBodies) {
        reset();
        for (int i = 0; i < sseBodies.length; i++) {
            server.stubFor(post(urlEqualTo(PATH))
                    .atPriority(1)
                    .inScenario(SCENARIO)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step-" + i)
                    .willSetStateTo("step-" + (i + 1))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/event-stream")
                            .withBody(sseBodies[i])));
        }
        server.stubFor(post(urlEqualTo(PATH))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"unexpected request beyond the test script\"}}")));
    }

    /** Answers every request only after {@code delay}: a model that keeps the turn waiting. */
    public void stall(java.time.Duration delay) {
        reset();
        server.stubFor(post(urlEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withFixedDelay((int) delay.toMillis())
                        .withBody(answer("resp_late", "too late"))));
    }

    /** Answers every request with {@code status} and a JSON error body. */
    public void failWith(int status, String message) {
        reset();
        server.stubFor(post(urlEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":" + Json.write(message) + "}}")));
    }

    /** The bodies of the model requests received so far, oldest first. */
    public List<JsonNode> requests() {
        return server.findAll(postRequestedFor(urlEqualTo(PATH))).stream()
                .map(r -> Json.parse(r.getBodyAsString()))
                .toList();
    }

    /** Writes {@code config.toml} into {@code codexHome}: the mock provider, then {@code extraToml}. */
    public void writeConfig(Path codexHome, String extraToml) {
        String toml = """
                model = "mock-model"
                model_provider = "mock"
                %s
                [model_providers.mock]
                name = "mock"
                base_url = "%s"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0
                """.formatted(extraToml, baseUrl());
        try {
            Files.createDirectories(codexHome);
            Files.writeString(codexHome.resolve("config.toml"), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- SSE bodies ----

    /** A plain text answer, streamed word by word. */
    public static String answer(String responseId, String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i - 1) == ' ') {
                words.add(text.substring(start, i));
                start = i;
            }
        }
        return Sse.textAnswer(responseId, words.toArray(String[]::new));
    }

    /** A response made of the given {@code response.output_item.done} events (tool calls, reasoning, messages). */
    public static String items(String responseId, String... itemDoneEvents) {
        String[] events = new String[itemDoneEvents.length + 2];
        events[0] = Sse.created(responseId);
        System.arraycopy(itemDoneEvents, 0, events, 1, itemDoneEvents.length);
        events[events.length - 1] = Sse.completed(responseId);
        return Sse.responses(events);
    }

    /** A {@code shell} function call running {@code argv}. */
    public static String shellCall(String callId, List<String> argv) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("command", argv);
        return functionCall(callId, "shell", args);
    }

    /** A {@code shell} call asking to run outside the sandbox ({@code sandbox_permissions: require_escalated}). */
    public static String escalatedShellCall(String callId, List<String> argv, String justification) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("command", argv);
        args.put("sandbox_permissions", "require_escalated");
        args.put("justification", justification);
        return functionCall(callId, "shell", args);
    }

    /** A finished {@code function_call} item; {@code arguments} is sent as the JSON string the API uses. */
    public static String functionCall(String callId, String name, Map<String, Object> arguments) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "function_call");
        item.put("id", "fc_" + callId);
        item.put("status", "completed");
        item.put("name", name);
        item.put("arguments", Json.write(arguments));
        item.put("call_id", callId);
        return itemDone(item);
    }

    /** A finished reasoning item with one summary part. */
    public static String reasoning(String summary) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "reasoning");
        item.put("id", "rs_1");
        item.put("summary", List.of(Map.of("type", "summary_text", "text", summary)));
        return itemDone(item);
    }

    private static String itemDone(Map<String, Object> item) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "response.output_item.done");
        event.put("output_index", 0);
        event.put("item", item);
        return Json.write(event);
    }

    // ---- reading requests ----

    /** The {@code output} of the {@code function_call_output} for {@code callId} in a request body. */
    public static String functionCallOutput(JsonNode request, String callId) {
        for (JsonNode item : request.path("input")) {
            if ("function_call_output".equals(item.path("type").asText())
                    && callId.equals(item.path("call_id").asText())) {
                return item.path("output").asText();
            }
        }
        throw new AssertionError("no function_call_output for " + callId + " in " + request.path("input"));
    }

    /** The texts of every message in a request body's input, in order. */
    public static List<String> messageTexts(JsonNode request) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : request.path("input")) {
            if ("message".equals(item.path("type").asText())) {
                StringBuilder text = new StringBuilder();
                item.path("content")
                        .forEach(part -> text.append(part.path("text").asText()));
                texts.add(text.toString());
            }
        }
        return texts;
    }
}
