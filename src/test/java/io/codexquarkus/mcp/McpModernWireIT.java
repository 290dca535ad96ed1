package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.McpServerProcess;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.ResponsesSse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP 2026-07-28 on the raw wire (spec §1 and §1.8): the era chosen by the opening messages of one stream (a {@code
 * server/discover} probe then {@code initialize} is the 2025 protocol, with {@code elicitation/create} requests as
 * before), the per-request {@code _meta} checks (-32602, -32022 with the supported versions), the methods the revision
 * removed (-32601), {@code initialize} refused once a 2026-07-28 request came, {@code resultType} and {@code serverInfo}
 * on every result, caching hints on the lists, an approval as an {@code input_required} round, and never a JSON-RPC
 * request written by the server in the new era.
 */
class McpModernWireIT {
    static final String MODERN = "2026-07-28";
    static final String ANSWER = "Hello from the wire mock model";

    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static MockModelServer model;

    @BeforeAll
    static void start() {
        model = MockModelServer.start();
        model.server().always(new MockModel.Markers(ANSWER));
        model.writeConfig(home, "untrusted", "read-only", "");
    }

    @BeforeEach
    void markers() {
        model.server().always(new MockModel.Markers(ANSWER));
    }

    @AfterAll
    static void stop() {
        if (model != null) {
            model.close();
        }
    }

    /** The full per-request {@code _meta} of 2026-07-28 with {@code capabilities}. */
    static ObjectNode meta(String version, JsonNode capabilities) {
        ObjectNode meta = Json.MAPPER.createObjectNode().put("io.modelcontextprotocol/protocolVersion", version);
        meta.set("io.modelcontextprotocol/clientCapabilities", capabilities);
        meta.putObject("io.modelcontextprotocol/clientInfo")
                .put("name", "modern-wire-it")
                .put("version", "0");
        return meta;
    }

    static ObjectNode params(JsonNode meta) {
        ObjectNode params = Json.MAPPER.createObjectNode();
        params.set("_meta", meta);
        return params;
    }

    static ObjectNode modern() {
        return params(meta(MODERN, Json.MAPPER.createObjectNode()));
    }

    static ObjectNode modernWithElicitation() {
        return params(meta(MODERN, Json.parse("{\"elicitation\":{\"form\":{}}}")));
    }

    static ObjectNode codexCall(ObjectNode params, String prompt, Path cwd) {
        params.put("name", "codex").set("arguments", args(prompt, cwd));
        return params;
    }

    static JsonNode result(McpTestClient client, int id) throws InterruptedException {
        JsonNode response = client.readResponse(id);
        assertThat(response.has("result")).as(response.toString()).isTrue();
        return response.path("result");
    }

    static JsonNode error(McpTestClient client, int id) throws InterruptedException {
        JsonNode response = client.readResponse(id);
        assertThat(response.has("error")).as(response.toString()).isTrue();
        return response.path("error");
    }

    static void assertModernResult(JsonNode result) {
        assertThat(result.path("resultType").asText()).as(result.toString()).isIn("complete", "input_required");
        JsonNode info = result.path("_meta").path("io.modelcontextprotocol/serverInfo");
        assertThat(info.path("name").asText()).as(result.toString()).isEqualTo("codex-quarkus");
        assertThat(info.path("version").asText()).as(result.toString()).isNotBlank();
    }

    /** Over everything the server wrote: JSON-RPC only, never a request, every result a 2026-07-28 result. */
    static void assertModernWire(McpServerProcess server) {
        McpTestClient client = server.client();
        McpIt.assertNoNonJsonLines(client);
        assertThat(client.seen()).as(server.transcript()).allSatisfy(m -> {
            assertThat(m.has("method") && m.has("id"))
                    .as("a 2026-07-28 server wrote a request: " + m)
                    .isFalse();
            if (m.has("result")) {
                assertModernResult(m.path("result"));
            }
        });
    }

    @Test
    void discoverThenInitializeOnOneStreamIsThe2025Protocol() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            JsonNode discover = result(client, client.request("server/discover", modernWithElicitation()));
            assertThat(discover.path("supportedVersions").toString()).contains(MODERN);
            assertModernResult(discover);

            JsonNode initialize = client.initialize(true);
            assertThat(initialize.has("result")).as(server.transcript()).isTrue();
            assertThat(initialize.path("result").path("protocolVersion").asText())
                    .isEqualTo("2025-06-18");
            assertThat(initialize.path("result").path("serverInfo").path("name").asText())
                    .isEqualTo("codex-quarkus");
            int ping = client.request("ping", null);
            assertThat(result(client, ping))
                    .as("ping exists in the 2025 protocol")
                    .isEqualTo(Json.parse("{}"));

            // a 2025 codex call: the approval travels as an elicitation/create request, answered approved
            Path dir = Files.createDirectories(work.resolve("legacy"));
            int id = McpIt.call(client, "codex", args("Make a repository. [mock: shell 1 git init]", dir));
            JsonNode elicitation = client.readRequest("elicitation/create");
            assertThat(elicitation.path("params").path("message").asText()).contains("git init");
            assertThat(dir.resolve(".git")).as("nothing runs before the answer").doesNotExist();
            client.respond(elicitation.get("id"), Json.parse("{\"decision\":\"approved\"}"));
            JsonNode answer = result(client, id);
            assertThat(answer.has("resultType"))
                    .as("a 2025 result has no resultType")
                    .isFalse();
            assertThat(answer.path("content").path(0).path("text").asText())
                    .contains("Initialized empty Git repository");
            assertThat(dir.resolve(".git")).isDirectory();
            assertThat(McpIt.eventTypes(client, id)).contains("exec_approval_request", "task_complete");
        }
    }

    @Test
    void metaIsCheckedOnEveryRequestAndTheRemovedMethodsAreGone() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            JsonNode tools = result(client, client.request("tools/list", modern()));
            assertThat(tools.path("tools").findValuesAsText("name")).containsExactly("codex", "codex-reply");
            assertThat(tools.path("ttlMs").isIntegralNumber())
                    .as(tools.toString())
                    .isTrue();
            assertThat(tools.path("ttlMs").asLong()).isNotNegative();
            assertThat(tools.path("cacheScope").asText()).isIn("public", "private");

            ObjectNode noCapabilities =
                    params(Json.MAPPER.createObjectNode().put("io.modelcontextprotocol/protocolVersion", MODERN));
            assertThat(error(client, client.request("tools/list", noCapabilities))
                            .path("code")
                            .asInt())
                    .isEqualTo(-32602);
            assertThat(error(client, client.request("tools/list", Json.MAPPER.createObjectNode()))
                            .path("code")
                            .asInt())
                    .as("a request without _meta, once the stream spoke 2026-07-28")
                    .isEqualTo(-32602);

            JsonNode future = error(
                    client, client.request("tools/list", params(meta("2099-01-01", Json.MAPPER.createObjectNode()))));
            assertThat(future.path("code").asInt()).as(future.toString()).isEqualTo(-32022);
            assertThat(future.path("data").path("supported").toString()).contains(MODERN);
            assertThat(future.path("data").path("requested").asText()).isEqualTo("2099-01-01");

            for (String removed : List.of("ping", "logging/setLevel")) {
                ObjectNode params = modern();
                if (removed.equals("logging/setLevel")) {
                    params.put("level", "info");
                }
                assertThat(error(client, client.request(removed, params))
                                .path("code")
                                .asInt())
                        .as(removed)
                        .isEqualTo(-32601);
            }
            ObjectNode initialize = modern().put("protocolVersion", "2025-06-18");
            initialize.putObject("capabilities");
            initialize.putObject("clientInfo").put("name", "late").put("version", "0");
            JsonNode refused = error(client, client.request("initialize", initialize));
            assertThat(refused.path("code").asInt()).as(refused.toString()).isNotZero();

            JsonNode discover = result(client, client.request("server/discover", modern()));
            assertThat(discover.path("supportedVersions").toString()).contains(MODERN);
            assertThat(discover.path("capabilities").has("tools"))
                    .as(discover.toString())
                    .isTrue();
            assertThat(discover.path("ttlMs").isIntegralNumber()).isTrue();
            assertThat(discover.path("cacheScope").asText()).isIn("public", "private");

            int call = client.request("tools/call", codexCall(modern(), "Say hello", work));
            JsonNode answer = result(client, call);
            assertThat(answer.path("resultType").asText()).isEqualTo("complete");
            assertThat(answer.path("content").path(0).path("text").asText()).isEqualTo(ANSWER);
            assertThat(answer.path("structuredContent").path("content").asText())
                    .isEqualTo(ANSWER);
            assertThat(McpIt.eventTypes(client, call))
                    .as("codex/event notifications are kept in the new era by default")
                    .contains("task_complete");

            assertModernWire(server);
            assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(10))).isZero();
        }
    }

    @Test
    void approvalIsAnInputRequiredRoundAndNeverARequest() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            Path dir = Files.createDirectories(work.resolve("modern"));
            String prompt = "Make a repository. [mock: shell 1 git init]";
            JsonNode first =
                    result(client, client.request("tools/call", codexCall(modernWithElicitation(), prompt, dir)));
            assertThat(first.path("resultType").asText())
                    .as(server.transcript())
                    .isEqualTo("input_required");
            assertThat(dir.resolve(".git")).as("nothing runs before the answer").doesNotExist();
            JsonNode inputRequests = first.path("inputRequests");
            assertThat(inputRequests.size()).as(first.toString()).isEqualTo(1);
            String key = inputRequests.fieldNames().next();
            JsonNode embedded = inputRequests.path(key);
            assertThat(embedded.path("method").asText()).isEqualTo("elicitation/create");
            assertThat(embedded.path("params").path("message").asText()).contains("git init");
            assertThat(embedded.path("params")
                            .path("requestedSchema")
                            .path("properties")
                            .path("decision")
                            .toString())
                    .contains("approved", "approved_for_session", "denied", "abort");

            ObjectNode retry = codexCall(modernWithElicitation(), prompt, dir);
            retry.putObject("inputResponses")
                    .putObject(key)
                    .put("action", "accept")
                    .putObject("content")
                    .put("decision", "approved");
            if (first.has("requestState")) {
                retry.set("requestState", first.get("requestState"));
            }
            JsonNode done = result(client, client.request("tools/call", retry));
            assertThat(done.path("resultType").asText()).as(server.transcript()).isEqualTo("complete");
            assertThat(done.path("content").path(0).path("text").asText()).contains("Initialized empty Git repository");
            assertThat(dir.resolve(".git")).isDirectory();
            assertModernWire(server);
        }
    }

    @Test
    void cancelledModernCallIsNeverAnsweredEvenWithRespondOnCancel() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(
                home, home, "-c", "mcp_server.respond_on_cancel=true", "-c", "mcp_server.progress_heartbeat_ms=0")) {
            McpTestClient client = server.client();
            model.server().always(new MockModel.Markers(ANSWER));
            ObjectNode held = codexCall(modern(), "Think long [mock: hold 20000 ms]", work);
            ((ObjectNode) held.path("_meta")).put("progressToken", "held");
            int id = client.request("tools/call", held);
            model.awaitRequests(1, Duration.ofSeconds(30));
            String threadId = client.readUntil(
                            m -> m.path("params")
                                                    .path("_meta")
                                                    .path("requestId")
                                                    .asInt(-1)
                                            == id
                                    && "session_configured"
                                            .equals(m.path("params")
                                                    .path("msg")
                                                    .path("type")
                                                    .asText()),
                            McpTestClient.TIMEOUT)
                    .path("params")
                    .path("msg")
                    .path("session_id")
                    .asText();
            // the turn is quiet now (the model holds, no keep-alive): what belongs to the call so far is all it gets
            result(client, client.request("tools/list", modern()));
            Thread.sleep(300);
            long beforeCancel = messagesFor(client, id);
            client.notification(
                    "notifications/cancelled",
                    Json.MAPPER.createObjectNode().put("requestId", id).put("reason", "user cancelled"));
            // a request read after the cancel is answered: by then the server has the cancel
            JsonNode tools = result(client, client.request("tools/list", modern()));
            assertThat(tools.path("tools").size()).isEqualTo(2);

            // the cancel reached the turn: its thread takes the next turn at once, although the model holds the
            // cancelled one for 20 s (a thread whose turn still runs answers codex-reply "busy")
            // scripted, not by markers: the next turn's request carries the held prompt (and its hold marker) as
            // history
            model.script(ResponsesSse.message("after the cancel"));
            JsonNode reply = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            do {
                if (reply != null) {
                    Thread.sleep(100);
                }
                ObjectNode params = modern().put("name", "codex-reply");
                params.putObject("arguments").put("threadId", threadId).put("prompt", "still there?");
                reply = result(client, client.request("tools/call", params));
            } while (reply.path("isError").asBoolean()
                    && reply.path("content").path(0).path("text").asText().contains("is busy")
                    && System.nanoTime() < deadline);
            assertThat(reply.path("content").path(0).path("text").asText())
                    .as(reply.toString())
                    .isEqualTo("after the cancel");
            Thread.sleep(300);
            assertThat(messagesFor(client, id))
                    .as("2026-07-28 on stdio: nothing more for a cancelled request, whatever respond_on_cancel says"
                            + " (no response, no progress, no codex/event)\n" + server.transcript())
                    .isEqualTo(beforeCancel);
            assertThat(McpIt.answered(client, id)).isFalse();
            assertModernWire(server);
        }
    }

    /** Messages that belong to request {@code id}: its response, codex/events naming it, progress with its token. */
    static long messagesFor(McpTestClient client, int id) {
        return client.seen().stream()
                .filter(m -> (!m.has("method")
                                && m.path("id").asInt(-1) == id
                                && m.path("id").isInt())
                        || m.path("params").path("_meta").path("requestId").asInt(-1) == id
                        || ("notifications/progress".equals(m.path("method").asText())
                                && "held"
                                        .equals(m.path("params")
                                                .path("progressToken")
                                                .asText())))
                .count();
    }

    @Test
    void codexEventsCanBeTurnedOffInTheNewEra() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home, "-c", "mcp_server.codex_events=false")) {
            McpTestClient client = server.client();
            JsonNode answer = result(client, client.request("tools/call", codexCall(modern(), "Say hello", work)));
            assertThat(answer.path("content").path(0).path("text").asText()).isEqualTo(ANSWER);
            assertThat(client.seen())
                    .noneMatch(m -> "codex/event".equals(m.path("method").asText()));
            assertModernWire(server);
        }
    }
}
