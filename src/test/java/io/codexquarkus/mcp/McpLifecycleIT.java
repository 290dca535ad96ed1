package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.call;
import static io.codexquarkus.mcp.McpIt.success;
import static io.codexquarkus.mcp.McpIt.threadId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.McpServerProcess;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.ResponsesSse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server's JSON-RPC surface: requests before {@code initialize},
 * the handshake, the golden {@code tools/list}, every kind of bad input, tool-level errors, the happy path's event
 * order, progress, the configuration layers of a call (startup {@code -c} included), and a clean exit with nothing
 * but JSON-RPC on stdout. One server process for the class, started with {@code -c model=startup-model}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpLifecycleIT {
    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static MockModelServer model;
    private static McpServerProcess server;
    private static McpTestClient client;
    private static JsonNode pingBeforeInitialize;
    private static JsonNode toolsBeforeInitialize;
    private static JsonNode initializeResponse;

    @BeforeAll
    static void start() throws Exception {
        model = MockModelServer.start();
        model.writeConfig(
                home,
                "untrusted",
                "read-only",
                "[profiles.p]\nmodel = \"profile-model\"\napproval_policy = \"on-request\"\n");
        long started = System.nanoTime();
        server = McpServerProcess.start(home, home, "-c", "model=startup-model");
        client = server.client();
        int ping = client.request("ping", null);
        pingBeforeInitialize = client.readResponse(ping);
        long firstAnswer = System.nanoTime();
        int tools = client.request("tools/list", null);
        toolsBeforeInitialize = client.readResponse(tools);
        long initializing = System.nanoTime();
        initializeResponse = client.initialize(true);
        long initialized = System.nanoTime();
        System.err.printf(
                "[figures] mcp server: first answer %d ms after spawn; initialize round trip %d ms%n",
                (firstAnswer - started) / 1_000_000, (initialized - initializing) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = McpLifecycleIT.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }

    private static JsonNode error(JsonNode response) {
        return response.path("error");
    }

    @Test
    @Order(1)
    void requestsBeforeInitializeAreAnswered() throws Exception {
        assertThat(pingBeforeInitialize.path("result")).isEqualTo(Json.parse("{}"));
        assertThat(toolsBeforeInitialize.path("result")).isEqualTo(resource("/golden/mcp/tools-list.json"));
    }

    @Test
    @Order(2)
    void initializeEchoesTheVersionAndASecondOneIsRefused() throws Exception {
        JsonNode result = initializeResponse.path("result");
        assertThat(initializeResponse.path("id").asInt()).isEqualTo(2);
        assertThat(result.path("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(result.path("capabilities")).isEqualTo(Json.parse("{\"tools\":{\"listChanged\":false}}"));
        JsonNode info = result.path("serverInfo");
        assertThat(info.path("name").asText()).isEqualTo("codex-quarkus");
        assertThat(info.path("title").asText()).isEqualTo("Codex");
        assertThat(info.path("version").asText()).isEqualTo("0.1.0");
        assertThat(info.path("user_agent").asText())
                .startsWith("codex_cli_rs/0.1.0 (")
                .endsWith(" (elicitation test; 0.0.0)");

        int again =
                client.request("initialize", Json.parse("{\"protocolVersion\":\"2024-11-05\",\"capabilities\":{}}"));
        JsonNode refused = client.readResponse(again);
        assertThat(error(refused).path("code").asInt()).isEqualTo(-32600);
        assertThat(error(refused).path("message").asText()).isEqualTo("initialize called more than once");
    }

    @Test
    @Order(3)
    void toolsListIsTheGoldenFile() throws Exception {
        int id = client.request("tools/list", Json.parse("{}"));
        JsonNode tools = client.readResponse(id).path("result");
        assertThat(tools).isEqualTo(resource("/golden/mcp/tools-list.json"));
        assertThat(tools.path("tools")).hasSize(2);
        assertThat(tools.path("tools").get(0).path("name").asText()).isEqualTo("codex");
        assertThat(tools.path("tools").get(1).path("name").asText()).isEqualTo("codex-reply");
    }

    @Test
    @Order(4)
    void everyBadInputGetsItsErrorAndTheServerStillAnswersPing() throws Exception {
        client.sendLine("{this is not json");
        JsonNode parse = client.readUntil(m -> error(m).path("code").asInt() == -32700, McpTestClient.TIMEOUT);
        assertThat(parse.get("id").isNull()).as(parse.toString()).isTrue();

        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":42}");
        assertThat(error(client.readResponse(901)).path("code").asInt()).isEqualTo(-32600);
        client.sendLine("{\"jsonrpc\":\"1.0\",\"id\":902,\"method\":\"ping\"}");
        assertThat(error(client.readResponse(902)).path("code").asInt()).isEqualTo(-32600);
        client.sendLine("[1,2,3]");
        JsonNode notObject = client.readUntil(
                m -> error(m).path("code").asInt() == -32600 && m.get("id").isNull(), McpTestClient.TIMEOUT);
        assertThat(error(notObject).path("message").asText()).isNotBlank();

        int unknown = client.request("no/such/method", Json.parse("{}"));
        JsonNode notFound = client.readResponse(unknown);
        assertThat(error(notFound).path("code").asInt()).isEqualTo(-32601);
        assertThat(error(notFound).path("message").asText()).isEqualTo("method not found: no/such/method");
        assertThat(error(notFound).path("data")).isEqualTo(Json.parse("{\"method\":\"no/such/method\"}"));

        int badParams = client.request("initialize", Json.parse("{\"protocolVersion\":5}"));
        assertThat(error(client.readResponse(badParams)).path("code").asInt()).isEqualTo(-32602);

        int second = client.request("initialize", Json.parse("{\"protocolVersion\":\"2025-06-18\"}"));
        assertThat(error(client.readResponse(second)).path("code").asInt()).isEqualTo(-32600);

        for (String[] pair : new String[][] {
            {"resources/list", "resources"},
            {"resources/templates/list", "resourceTemplates"},
            {"prompts/list", "prompts"}
        }) {
            int id = client.request(pair[0], Json.parse("{}"));
            ObjectNode empty = Json.MAPPER.createObjectNode();
            empty.putArray(pair[1]);
            assertThat(client.readResponse(id).path("result")).as(pair[0]).isEqualTo(empty);
        }
        int level = client.request("logging/setLevel", Json.parse("{\"level\":\"debug\"}"));
        assertThat(client.readResponse(level).path("result")).isEqualTo(Json.parse("{}"));
        client.notification("notifications/roots/list_changed", null);
        client.notification("notifications/cancelled", Json.parse("{\"requestId\":424242,\"reason\":\"unknown\"}"));

        int ping = client.request("ping", null);
        assertThat(client.readResponse(ping).path("result")).isEqualTo(Json.parse("{}"));
    }

    @Test
    @Order(5)
    void toolLevelFailuresAreIsErrorResults() throws Exception {
        assertToolError(Json.parse("{\"name\":\"nope\",\"arguments\":{}}"), "Unknown tool 'nope'");
        assertToolError(
                Json.parse("{\"name\":\"codex\"}"),
                "Missing arguments for codex tool-call; the `prompt` field is required.");
        assertToolError(
                Json.parse("{\"name\":\"codex\",\"arguments\":{}}"),
                "Failed to parse configuration for Codex tool: missing field `prompt`");
        assertToolError(
                Json.parse("{\"name\":\"codex\",\"arguments\":{\"prompt\":\"x\",\"approval-policy\":\"sometimes\"}}"),
                "Failed to parse configuration for Codex tool: unknown variant `sometimes`, expected one of"
                        + " `untrusted`, `on-failure`, `on-request`, `never`");
        assertToolError(
                Json.parse("{\"name\":\"codex-reply\"}"),
                "Missing arguments for codex-reply tool-call; the `thread_id` and `prompt` fields are required.");
        assertToolError(
                Json.parse("{\"name\":\"codex-reply\",\"arguments\":{\"prompt\":\"x\"}}"),
                "Failed to parse thread_id: either threadId or conversationId must be provided");
        assertThat(model.requests()).as("no failure reached the model").isEmpty();
    }

    private static void assertToolError(JsonNode params, String text) throws InterruptedException {
        int id = client.request("tools/call", params);
        JsonNode result = client.readResponse(id).path("result");
        assertThat(result.path("isError").asBoolean()).as(params.toString()).isTrue();
        assertThat(result.path("content")).hasSize(1);
        assertThat(result.path("content").get(0).path("type").asText()).isEqualTo("text");
        assertThat(result.path("content").get(0).path("text").asText())
                .as(params.toString())
                .isEqualTo(text);
    }

    @Test
    @Order(6)
    void happyPathForwardsEveryEventWithMetaAndAnswersWithTheThread() throws Exception {
        model.script(ResponsesSse.message("Hello from the mock model"));
        int id = call(client, "codex", args("say hello", work));
        JsonNode response = client.readResponse(id);
        String threadId = threadId(client, id);
        assertThat(response.path("result")).isEqualTo(success(threadId, "Hello from the mock model"));

        List<JsonNode> events = McpIt.events(client, id);
        JsonNode first = events.get(0).path("params");
        assertThat(first.path("msg").path("type").asText()).isEqualTo("session_configured");
        assertThat(first.path("id").asText()).isEmpty();
        assertThat(first.path("msg").path("model").asText()).isEqualTo("startup-model");
        assertThat(events)
                .allSatisfy(e -> assertThat(e.path("params").path("_meta"))
                        .isEqualTo(Json.parse("{\"requestId\":" + id + ",\"threadId\":\"" + threadId + "\"}")));
        assertThat(events.subList(1, events.size()))
                .allSatisfy(
                        e -> assertThat(e.path("params").path("id").asText()).isEqualTo(Integer.toString(id)));
        assertThat(McpIt.eventTypes(client, id))
                .containsSubsequence("session_configured", "task_started", "agent_message", "task_complete")
                .endsWith("task_complete");
        int responseIndex = client.seen().indexOf(response);
        int lastEvent = client.seen().indexOf(events.getLast());
        assertThat(lastEvent).as("every event precedes the answer").isLessThan(responseIndex);
    }

    @Test
    @Order(7)
    void modelFailureIsAnIsErrorResultWithTheThread() throws Exception {
        model.script();
        int id = call(client, "codex", args("this will fail", work));
        JsonNode result = client.readResponse(id).path("result");
        assertThat(result.path("isError").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("structuredContent").path("threadId").asText()).isEqualTo(threadId(client, id));
        JsonNode error =
                McpIt.event(client, id, "error").orElseThrow().path("params").path("msg");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(result.path("content").get(0).path("text").asText())
                .isEqualTo(error.path("message").asText());
        assertThat(result.path("structuredContent").path("content").asText())
                .isEqualTo(error.path("message").asText());

        // the failed turn frees its thread: a reply on it runs normally
        model.script(ResponsesSse.message("recovered"));
        String threadId = threadId(client, id);
        int reply = call(
                client,
                "codex-reply",
                Json.MAPPER.createObjectNode().put("threadId", threadId).put("prompt", "try again"));
        assertThat(client.readResponse(reply).path("result")).isEqualTo(success(threadId, "recovered"));
    }

    @Test
    @Order(8)
    void progressNotificationsFollowTheProgressTokenAndPrecedeTheAnswer() throws Exception {
        model.script(
                ResponsesSse.shell("call_echo", List.of("echo", "hi"), work.toString(), 5_000),
                ResponsesSse.message("printed hi"));
        ObjectNode arguments = args("print hi", work);
        arguments.putObject("config").put("mcp_server.progress_interval_ms", 0);
        ObjectNode params = Json.MAPPER.createObjectNode().put("name", "codex");
        params.set("arguments", arguments);
        params.putObject("_meta").put("progressToken", "tok-7");
        int id = client.request("tools/call", params);
        JsonNode response = client.readResponse(id);
        assertThat(McpIt.text(response)).isEqualTo("printed hi");

        List<JsonNode> seen = client.seen();
        List<JsonNode> progress = seen.stream()
                .filter(m -> "notifications/progress".equals(m.path("method").asText()))
                .filter(m ->
                        "tok-7".equals(m.path("params").path("progressToken").asText()))
                .toList();
        assertThat(progress).as(server.transcript()).hasSizeGreaterThanOrEqualTo(3);
        double last = 0;
        for (JsonNode note : progress) {
            double value = note.path("params").path("progress").asDouble();
            assertThat(value).as("progress strictly increases").isGreaterThan(last);
            last = value;
            assertThat(note.path("params").path("message").asText()).isNotBlank();
            assertThat(seen.indexOf(note)).isLessThan(seen.indexOf(response));
        }
        assertThat(progress.stream().map(p -> p.path("params").path("message").asText()))
                .anyMatch(message -> message.contains("echo hi"));
    }

    @Test
    @Order(9)
    void callConfigurationLayersStartupOverridesProfileMapAndTypedArguments() throws Exception {
        model.always(ResponsesSse.message("ok"), Duration.ZERO);
        ObjectNode plain = args("which model?", work);
        ObjectNode profile = args("which model?", work).put("profile", "p");
        ObjectNode map = args("which model?", work).put("profile", "p");
        map.putObject("config").put("model", "map-model");
        ObjectNode typed = args("which model?", work).put("model", "param-model");
        typed.putObject("config").put("model", "map-model");
        for (ObjectNode arguments : List.of(plain, profile, map, typed)) {
            int id = call(client, "codex", arguments);
            assertThat(client.readResponse(id).path("result").has("isError")).isFalse();
        }
        List<String> models =
                model.requests().stream().map(r -> r.path("model").asText()).toList();
        // config.toml < profile < startup -c < the tool's config map < typed parameters (README "Configuration")
        assertThat(models).containsExactly("startup-model", "startup-model", "map-model", "param-model");
        // the profile argument selects [profiles.p]: its approval_policy (no other layer sets one) reaches the session
        List<String> policies = model.requests().stream()
                .map(r -> r.path("input").toString().replaceAll(".*<approval_policy>([a-z-]+)<.*", "$1"))
                .toList();
        assertThat(policies).containsExactly("untrusted", "on-request", "on-request", "untrusted");
        assertThat(model.requests())
                .allSatisfy(r -> assertThat(r.path("stream").asBoolean()).isTrue());
    }

    @Test
    @Order(100)
    void endOfInputExitsZeroAndStdoutHeldOnlyJsonRpc() throws Exception {
        assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(5))).isZero();
        assertThat(client.awaitEof(Duration.ofSeconds(2))).isTrue();
        McpIt.assertNoNonJsonLines(client);
        assertThat(server.stderr()).doesNotContain("Exception in thread");
    }
}
