package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.InProcessMcp;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.ScriptedModelClient;
import io.smallrye.mutiny.Multi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP 2026-07-28 beside the 2025 protocol over an in-process server: the era chosen by the opening messages, the
 * per-request {@code _meta} checks, and what every modern result carries.
 */
class McpModernEraTest {
    static final String VERSION = "2026-07-28";

    @TempDir
    Path home;

    @TempDir
    Path work;

    private final ScriptedModelClient model = new ScriptedModelClient();
    private InProcessMcp mcp;

    private McpTestClient start(List<String> overrides) {
        mcp = new InProcessMcp(home, work, model, McpProtocolTest.NO_TOOLS, overrides, Map.of("SHELL", "/bin/bash"));
        return mcp.client;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (mcp != null) {
            mcp.close();
        }
    }

    /** {@code params} with a complete 2026-07-28 {@code _meta}. */
    static ObjectNode modern(String paramsJson, String capabilitiesJson) {
        ObjectNode params = (ObjectNode) Json.parse(paramsJson);
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.set("io.modelcontextprotocol/clientCapabilities", Json.parse(capabilitiesJson));
        meta.putObject("io.modelcontextprotocol/clientInfo")
                .put("name", "era test")
                .put("version", "1");
        return params;
    }

    static ObjectNode modern(String paramsJson) {
        return modern(paramsJson, "{}");
    }

    private static void assertModernResult(JsonNode response) {
        assertThat(response.path("result").path("resultType").asText())
                .as(response.toString())
                .isEqualTo("complete");
        assertThat(response.path("result")
                        .path("_meta")
                        .path("io.modelcontextprotocol/serverInfo")
                        .path("name")
                        .asText())
                .isEqualTo("codex-quarkus");
    }

    private static void assertNoServerRequest(McpTestClient client) {
        assertThat(client.seen())
                .as("a 2026-07-28 server writes no requests")
                .noneMatch(m -> m.has("method") && m.has("id"));
    }

    @Test
    void discoverAnswersVersionsCapabilitiesAndCachingHints() throws Exception {
        McpTestClient client = start(List.of());
        JsonNode response = client.readResponse(client.request("server/discover", modern("{}")));
        assertModernResult(response);
        JsonNode result = response.path("result");
        assertThat(result.path("supportedVersions")).isEqualTo(Json.parse("[\"2026-07-28\"]"));
        assertThat(result.path("capabilities").path("tools").isObject()).isTrue();
        assertThat(result.path("capabilities").path("extensions").has("io.modelcontextprotocol/tasks"))
                .isTrue();
        assertThat(result.path("ttlMs").asLong()).isPositive();
        assertThat(result.path("cacheScope").asText()).isIn("public", "private");
    }

    @Test
    void tasksNeverLeavesTheExtensionOut() throws Exception {
        McpTestClient client = start(List.of("mcp_server.tasks=never"));
        JsonNode result = client.readResponse(client.request("server/discover", modern("{}")))
                .path("result");
        assertThat(result.path("capabilities").has("extensions")).isFalse();
    }

    @Test
    void modernProtocolOffAnswersAsA2025EraServer() throws Exception {
        McpTestClient client = start(List.of("mcp_server.modern_protocol=false"));
        JsonNode discover = client.readResponse(client.request("server/discover", modern("{}")));
        assertThat(discover.path("error").path("code").asInt())
                .as(discover.toString())
                .isEqualTo(-32601);
        JsonNode initialize = client.initialize(true);
        assertThat(initialize.path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
        JsonNode tools = client.readResponse(client.request("tools/list", modern("{}")));
        assertThat(tools.path("result").has("resultType")).isFalse();
        assertThat(tools.path("result").path("tools")).isNotEmpty();
    }

    @Test
    void modernListsAreTheLegacyListsWithResultTypeAndCachingHints() throws Exception {
        McpTestClient client = start(List.of());
        JsonNode response = client.readResponse(client.request("tools/list", modern("{}")));
        assertModernResult(response);
        JsonNode result = response.path("result");
        assertThat(result.path("ttlMs").asLong()).isPositive();
        assertThat(result.path("cacheScope").asText()).isEqualTo("public");
        ObjectNode legacyShape = result.deepCopy();
        legacyShape.remove(List.of("resultType", "_meta", "ttlMs", "cacheScope"));
        assertThat(legacyShape).isEqualTo(resource("/golden/mcp/tools-list.json"));
        for (String method : List.of("resources/list", "resources/templates/list", "prompts/list")) {
            JsonNode list = client.readResponse(client.request(method, modern("{}")));
            assertModernResult(list);
            assertThat(list.path("result").has("cacheScope")).as(method).isTrue();
        }
        assertNoServerRequest(client);
    }

    @Test
    void metaIsCheckedOnEveryRequest() throws Exception {
        McpTestClient client = start(List.of());
        client.readResponse(client.request("tools/list", modern("{}")));

        ObjectNode noCapabilities = modern("{}");
        ((ObjectNode) noCapabilities.path("_meta")).remove("io.modelcontextprotocol/clientCapabilities");
        JsonNode missing = client.readResponse(client.request("tools/list", noCapabilities));
        assertThat(missing.path("error").path("code").asInt()).isEqualTo(-32602);

        JsonNode bare = client.readResponse(client.request("tools/list", Json.parse("{}")));
        assertThat(bare.path("error").path("code").asInt()).isEqualTo(-32602);

        ObjectNode future = modern("{}");
        ((ObjectNode) future.path("_meta")).put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
        JsonNode unsupported = client.readResponse(client.request("tools/list", future));
        assertThat(unsupported.path("error").path("code").asInt()).isEqualTo(-32022);
        assertThat(unsupported.path("error").path("data").path("supported")).isEqualTo(Json.parse("[\"2026-07-28\"]"));
        assertThat(unsupported.path("error").path("data").path("requested").asText())
                .isEqualTo("2099-01-01");
    }

    @Test
    void pingLoggingAndInitializeDoNotExistOnceModern() throws Exception {
        McpTestClient client = start(List.of());
        client.readResponse(client.request("tools/list", modern("{}")));
        assertThat(client.readResponse(client.request("ping", modern("{}")))
                        .path("error")
                        .path("code")
                        .asInt())
                .isEqualTo(-32601);
        assertThat(client.readResponse(client.request("logging/setLevel", modern("{\"level\":\"debug\"}")))
                        .path("error")
                        .path("code")
                        .asInt())
                .isEqualTo(-32601);
        JsonNode initialize = client.readResponse(client.request(
                "initialize",
                Json.parse(
                        "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\"}}")));
        assertThat(initialize.path("error").path("code").asInt()).isEqualTo(-32022);
        assertThat(initialize.path("error").path("data").path("supported")).isEqualTo(Json.parse("[\"2026-07-28\"]"));
        // Codex's own 2025-era methods are not part of the stateless revision
        assertThat(client.readResponse(client.request("newConversation", modern("{}")))
                        .path("error")
                        .path("code")
                        .asInt())
                .isEqualTo(-32601);
    }

    @Test
    void discoverThenInitializeOnOneStreamIsTheLegacyProtocol() throws Exception {
        McpTestClient client = start(List.of());
        assertModernResult(client.readResponse(client.request("server/discover", modern("{}"))));
        JsonNode initialize = client.initialize(true);
        assertThat(initialize.path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
        JsonNode tools = client.readResponse(client.request("tools/list", Json.parse("{}")));
        assertThat(tools.path("result").has("resultType")).isFalse();
        assertThat(client.readResponse(client.request("ping", null)).path("result"))
                .isEqualTo(Json.parse("{}"));
    }

    @Test
    void aLegacyConnectionAnswersDiscoverAsAnUnknownMethod() throws Exception {
        McpTestClient client = start(List.of());
        client.initialize(true);
        JsonNode discover = client.readResponse(client.request("server/discover", modern("{}")));
        assertThat(discover.path("error").path("code").asInt()).isEqualTo(-32601);
        // a 2026-07-28 _meta on a legacy connection changes nothing
        JsonNode tools = client.readResponse(client.request("tools/list", modern("{}")));
        assertThat(tools.path("result").has("resultType")).isFalse();
    }

    @Test
    void aModernCodexCallAnswersWithResultTypeAndProgressOnItsToken() throws Exception {
        model.then(McpProtocolTest.answer("Hello from the new era"));
        McpTestClient client = start(List.of());
        ObjectNode params = modern("{\"name\":\"codex\",\"arguments\":{\"prompt\":\"say hi\",\"cwd\":\""
                + work.toString().replace("\\", "\\\\") + "\"}}");
        ((ObjectNode) params.path("_meta")).put("progressToken", "tok-1");
        int id = client.request("tools/call", params);
        JsonNode response = client.readResponse(id);
        assertModernResult(response);
        assertThat(response.path("result").path("content").path(0).path("text").asText())
                .isEqualTo("Hello from the new era");
        assertThat(response.path("result")
                        .path("structuredContent")
                        .path("threadId")
                        .asText())
                .isNotEmpty();
        assertThat(client.seen())
                .anyMatch(m -> "notifications/progress".equals(m.path("method").asText())
                        && "tok-1".equals(m.path("params").path("progressToken").asText()));
        assertThat(client.seen())
                .anyMatch(m -> "codex/event".equals(m.path("method").asText())
                        && m.path("params").path("_meta").path("requestId").asInt() == id);
        assertNoServerRequest(client);
    }

    @Test
    void codexEventsCanBeTurnedOffInTheNewEra() throws Exception {
        model.then(McpProtocolTest.answer("quiet"));
        McpTestClient client = start(List.of("mcp_server.codex_events=false"));
        int id = client.request(
                "tools/call",
                modern("{\"name\":\"codex\",\"arguments\":{\"prompt\":\"hi\",\"cwd\":\""
                        + work.toString().replace("\\", "\\\\") + "\"}}"));
        assertModernResult(client.readResponse(id));
        assertThat(client.seen())
                .noneMatch(m -> "codex/event".equals(m.path("method").asText()));
    }

    @Test
    void aCancelledModernCallGetsNoAnswerEvenWhenConfiguredToRespond() throws Exception {
        // the model never answers: the turn runs until the client cancels it
        model.then(request -> Multi.createFrom().nothing());
        McpTestClient client = start(List.of("mcp_server.respond_on_cancel=true"));
        int id = client.request(
                "tools/call",
                modern("{\"name\":\"codex\",\"arguments\":{\"prompt\":\"hi\",\"cwd\":\""
                        + work.toString().replace("\\", "\\\\") + "\"}}"));
        // the turn's last event before the model (which never answers): from here the turn is quiet
        client.readEvent("user_message");
        int seenAtCancel = client.seen().size();
        client.notification("notifications/cancelled", Json.parse("{\"requestId\":" + id + "}"));
        // the server goes on serving: a whole second call is answered after the cancel
        model.then(McpProtocolTest.answer("after the cancel"));
        int second = client.request(
                "tools/call",
                modern("{\"name\":\"codex\",\"arguments\":{\"prompt\":\"again\",\"cwd\":\""
                        + work.toString().replace("\\", "\\\\") + "\"}}"));
        assertModernResult(client.readResponse(second));
        // stdio, 2026-07-28: nothing more for the cancelled request, not even its turn_aborted event
        assertThat(client.seen().subList(seenAtCancel, client.seen().size()))
                .as(client.dump())
                .noneMatch(m -> m.path("params").path("_meta").path("requestId").asInt(-1) == id);
        assertThat(McpIt.answered(client, id)).as(client.dump()).isFalse();
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = McpModernEraTest.class.getResourceAsStream(name)) {
            return Json.MAPPER.readTree(in);
        }
    }
}
