package io.codexquarkus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.Sse;
import io.codexquarkus.testing.MockModel.Delayed;
import io.codexquarkus.testing.MockModel.Request;
import io.codexquarkus.testing.MockModel.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link MockModel} as tests use it: a JUnit extension ({@code @RegisterExtension static final MockModelServer
 * model = MockModelServer.perClass();} starts it before the class's first test and stops it after the last) or a
 * resource ({@link #start()}), request bodies as JSON, the {@code config.toml} that points a {@code mock} provider at
 * it (no retries, so a failure shows at once), and builders for the SSE bodies a script serves.
 */
public final class MockModelServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private MockModel server;

    private MockModelServer() {}

    /** A started server; the caller closes it. */
    public static MockModelServer start() {
        MockModelServer model = perClass();
        model.open();
        return model;
    }

    /** A server for a test class, started before its first test and stopped after its last. */
    public static MockModelServer perClass() {
        return new MockModelServer();
    }

    private void open() {
        server = MockModel.start();
        server.reset();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** The underlying server, for scripts of {@link MockModel.Reply} values and the raw requests. */
    public MockModel server() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Forgets the script and the recorded requests; every request fails until the next script. */
    public void reset() {
        server.reset();
    }

    /**
     * Serves {@code sseBodies} in order, one per request. A request past the end of the script gets HTTP 400 naming
     * it, so an unexpected extra round-trip fails the turn instead of hanging it.
     */
    public void script(String... sseBodies) {
        server.script(sseBodies);
    }

    /** Answers every request only after {@code delay}: a model that keeps the turn waiting. */
    public void stall(Duration delay) {
        always(answer("resp_late", "too late"), delay);
    }

    /** Answers every request with {@code body} after {@code delay} of silence. */
    public void always(String body, Duration delay) {
        server.always(new Delayed(delay, new MockModel.Sse(body)));
    }

    /** Answers every request with {@code status} and a JSON error body. */
    public void failWith(int status, String message) {
        server.always(Status.error(status, message));
    }

    /** The bodies of the model requests received so far, oldest first. */
    public List<JsonNode> requests() {
        return bodies(server.requests());
    }

    /** Waits (bounded) until at least {@code count} requests arrived and returns their bodies. */
    public List<JsonNode> awaitRequests(int count, Duration timeout) throws InterruptedException {
        return bodies(server.awaitRequests(count, timeout));
    }

    private static List<JsonNode> bodies(List<Request> requests) {
        return requests.stream().map(r -> Json.parse(r.body())).toList();
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

    /** {@link #writeConfig(Path, String)} with an approval policy and a sandbox mode before {@code extraToml}. */
    public void writeConfig(Path codexHome, String approvalPolicy, String sandboxMode, String extraToml) {
        writeConfig(
                codexHome,
                "approval_policy = \"" + approvalPolicy + "\"\nsandbox_mode = \"" + sandboxMode + "\"\n" + extraToml);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
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

    /** The {@code function_call_output} items a request carried. */
    public static List<JsonNode> functionCallOutputs(JsonNode request) {
        List<JsonNode> outputs = new ArrayList<>();
        for (JsonNode item : request.path("input")) {
            if ("function_call_output".equals(item.path("type").asText())) {
                outputs.add(item);
            }
        }
        return outputs;
    }
}
