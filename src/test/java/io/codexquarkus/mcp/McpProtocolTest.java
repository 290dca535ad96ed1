package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.agent.session.ToolRouter;
import io.codexquarkus.agent.session.TurnContext;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.model.protocol.TokenUsage;
import io.codexquarkus.testing.InProcessMcp;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.ScriptedModelClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-RPC hygiene, lifecycle and the codex tools over an in-process server with a scripted model. */
class McpProtocolTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private final ScriptedModelClient model = new ScriptedModelClient();
    private InProcessMcp mcp;
    private McpTestClient client;

    static final ToolRouter NO_TOOLS = new ToolRouter() {
        @Override
        public List<JsonNode> toolSpecs(TurnContext turn) {
            return List.of();
        }

        @Override
        public Optional<ResponseItem> handle(ResponseItem item, TaskScope scope) {
            return Optional.empty();
        }
    };

    @BeforeEach
    void start() {
        mcp = new InProcessMcp(home, work, model, NO_TOOLS, List.of(), Map.of("SHELL", "/bin/bash"));
        client = mcp.client;
    }

    @AfterEach
    void stop() throws InterruptedException {
        mcp.close();
    }

    static List<ResponseEvent> answer(String text) {
        return List.of(
                new ResponseEvent.Created(),
                new ResponseEvent.OutputItemDone(ResponseItem.Message.assistant(text)),
                new ResponseEvent.Completed("resp", Optional.of(new TokenUsage(1, 0, 1, 0, 2))));
    }

    @Test
    void initializeNegotiatesAndRejectsASecondOne() throws Exception {
        JsonNode response = client.initialize(true);
        JsonNode result = response.path("result");
        assertThat(result.path("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(result.path("capabilities")).isEqualTo(Json.parse("{\"tools\":{\"listChanged\":false}}"));
        assertThat(result.path("serverInfo").path("name").asText()).isEqualTo("codex-quarkus");
        assertThat(result.path("serverInfo").path("title").asText()).isEqualTo("Codex");
        assertThat(result.path("serverInfo").path("version").asText()).isEqualTo("0.1.0");
        assertThat(result.path("serverInfo").path("user_agent").asText()).endsWith(" (elicitation test; 0.0.0)");

        int again =
                client.request("initialize", Json.parse("{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}"));
        JsonNode error = client.readResponse(again);
        assertThat(error.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(error.path("error").path("message").asText()).isEqualTo("initialize called more than once");
    }

    @Test
    void unknownProtocolVersionGetsTheNewest() throws Exception {
        int id = client.request(
                "initialize",
                Json.parse("{\"protocolVersion\":\"1999-01-01\",\"capabilities\":{},\"clientInfo\":{\"name\":\"x\"}}"));
        assertThat(client.readResponse(id)
                        .path("result")
                        .path("protocolVersion")
                        .asText())
                .isEqualTo("2025-11-25");
    }

    @Test
    void everyBadInputGetsAnAnswerAndTheServerStaysUp() throws Exception {
        client.initialize(false);
        int ping = client.request("ping", null);
        assertThat(client.readResponse(ping).path("result")).isEqualTo(Json.parse("{}"));

        int unknown = client.request("no/such/method", Json.parse("{}"));
        JsonNode notFound = client.readResponse(unknown);
        assertThat(notFound.path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(notFound.path("error").path("message").asText()).isEqualTo("method not found: no/such/method");
        assertThat(notFound.path("error").path("data").path("method").asText()).isEqualTo("no/such/method");

        client.sendLine("{this is not json");
        JsonNode parseError =
                client.readUntil(m -> m.path("error").path("code").asInt() == -32700, McpTestClient.TIMEOUT);
        assertThat(parseError.get("id").isNull()).isTrue();

        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":42}");
        JsonNode invalid = client.readUntil(m -> m.path("id").asInt() == 77, McpTestClient.TIMEOUT);
        assertThat(invalid.path("error").path("code").asInt()).isEqualTo(-32600);

        int badInit = client.request("initialize", Json.parse("{\"protocolVersion\":5}"));
        assertThat(client.readResponse(badInit).path("error").path("code").asInt())
                .isEqualTo(-32602);

        for (String[] pair : new String[][] {
            {"resources/list", "resources"},
            {"resources/templates/list", "resourceTemplates"},
            {"prompts/list", "prompts"}
        }) {
            int id = client.request(pair[0], Json.parse("{}"));
            assertThat(client.readResponse(id).path("result").path(pair[1]).isArray())
                    .isTrue();
        }
        int level = client.request("logging/setLevel", Json.parse("{\"level\":\"debug\"}"));
        assertThat(client.readResponse(level).has("result")).isTrue();

        int after = client.request("ping", null);
        assertThat(client.readResponse(after).has("result")).isTrue();
    }

    @Test
    void toolsListIsTheGoldenFileAndMatchesUpstreamShape() throws Exception {
        client.initialize(true);
        int id = client.request("tools/list", Json.parse("{}"));
        JsonNode tools = client.readResponse(id).path("result");
        assertThat(tools).isEqualTo(resource("/golden/mcp/tools-list.json"));

        JsonNode anchor = resource("/golden/mcp/anchor-0.153.4-tools-list.json");
        for (int i = 0; i < 2; i++) {
            JsonNode ours = tools.path("tools").get(i);
            JsonNode theirs = anchor.path("tools").get(i);
            assertThat(ours.path("name")).isEqualTo(theirs.path("name"));
            assertThat(ours.path("title")).isEqualTo(theirs.path("title"));
            assertThat(ours.path("outputSchema")).isEqualTo(theirs.path("outputSchema"));
            assertThat(ours.path("inputSchema").path("required"))
                    .isEqualTo(theirs.path("inputSchema").path("required"));
            assertThat(ours.path("inputSchema").path("additionalProperties"))
                    .isEqualTo(theirs.path("inputSchema").path("additionalProperties"));
            theirs.path("inputSchema").path("properties").properties().forEach(property -> {
                JsonNode mine = ours.path("inputSchema").path("properties").path(property.getKey());
                assertThat(mine.path("type"))
                        .as(property.getKey())
                        .isEqualTo(property.getValue().path("type"));
                if (!property.getKey().equals("approval-policy")) {
                    assertThat(mine.path("enum"))
                            .as(property.getKey())
                            .isEqualTo(property.getValue().path("enum"));
                }
            });
        }
        // JSON equality ignores member order; form clients show properties in order, so threadId comes first
        List<String> replyOrder = new ArrayList<>();
        tools.path("tools")
                .get(1)
                .path("inputSchema")
                .path("properties")
                .fieldNames()
                .forEachRemaining(replyOrder::add);
        assertThat(replyOrder).containsExactly("threadId", "prompt", "conversationId");
        for (JsonNode tool : tools.path("tools")) {
            assertThat(tool.path("annotations").path("destructiveHint").asBoolean())
                    .isTrue();
            assertThat(tool.path("annotations").path("readOnlyHint").asBoolean(true))
                    .isFalse();
        }
        JsonNode codexProperties =
                tools.path("tools").get(0).path("inputSchema").path("properties");
        assertThat(codexProperties.path("approval-policy").path("enum"))
                .isEqualTo(Json.parse("[\"untrusted\",\"on-failure\",\"on-request\",\"never\"]"));
        assertThat(codexProperties.path("profile").path("type").asText()).isEqualTo("string");
    }

    @Test
    void codexCallAnswersWithTheThreadAndCodexReplyContinuesIt() throws Exception {
        model.then(answer("Hello from Codex")).then(answer("Second answer")).then(answer("Third answer"));
        client.initialize(true);
        ObjectNode args = Json.MAPPER.createObjectNode().put("prompt", "say hi").put("cwd", work.toString());
        int id = client.request(
                "tools/call",
                Json.MAPPER.createObjectNode().put("name", "codex").set("arguments", args));
        JsonNode configured = client.readEvent("session_configured");
        assertThat(configured.path("params").path("id").asText()).isEmpty();
        assertThat(configured.path("params").path("_meta").path("requestId").asInt())
                .isEqualTo(id);
        String threadId =
                configured.path("params").path("msg").path("session_id").asText();
        assertThat(configured.path("params").path("_meta").path("threadId").asText())
                .isEqualTo(threadId);
        JsonNode complete = client.readEvent("task_complete");
        assertThat(complete.path("params").path("id").asText()).isEqualTo(Integer.toString(id));
        JsonNode result = client.readResponse(id).path("result");
        assertThat(result)
                .isEqualTo(Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"Hello from Codex\"}],"
                        + "\"structuredContent\":{\"threadId\":\"" + threadId
                        + "\",\"content\":\"Hello from Codex\"}}"));

        int reply = client.request(
                "tools/call",
                Json.parse("{\"name\":\"codex-reply\",\"arguments\":{\"threadId\":\"" + threadId
                        + "\",\"prompt\":\"again\"}}"));
        assertThat(client.readResponse(reply)
                        .path("result")
                        .path("structuredContent")
                        .path("content")
                        .asText())
                .isEqualTo("Second answer");
        int legacy = client.request(
                "tools/call",
                Json.parse("{\"name\":\"codex-reply\",\"arguments\":{\"conversationId\":\"" + threadId
                        + "\",\"prompt\":\"and again\"}}"));
        assertThat(client.readResponse(legacy)
                        .path("result")
                        .path("content")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("Third answer");
        assertThat(model.requests).hasSize(3);
        assertThat(model.requests.get(2).prompt().input().stream()
                        .filter(ResponseItem.Message.class::isInstance)
                        .count())
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void toolErrorsAreIsErrorResults() throws Exception {
        client.initialize(true);
        assertToolError("{\"name\":\"nope\",\"arguments\":{}}", "Unknown tool 'nope'");
        assertToolError(
                "{\"name\":\"codex\"}", "Missing arguments for codex tool-call; the `prompt` field is required.");
        assertToolError(
                "{\"name\":\"codex\",\"arguments\":{\"prompt\":\"x\",\"sandbox\":\"bogus\"}}",
                "Failed to parse configuration for Codex tool: unknown variant `bogus`, expected one of `read-only`,"
                        + " `workspace-write`, `danger-full-access`");
        assertToolError(
                "{\"name\":\"codex\",\"arguments\":{\"prompt\":\"x\",\"color\":\"blue\"}}",
                "Failed to parse configuration for Codex tool: unknown field `color`, expected one of `prompt`,"
                        + " `model`, `profile`, `cwd`, `approval-policy`, `sandbox`, `config`, `base-instructions`,"
                        + " `developer-instructions`, `compact-prompt`");
        assertToolError(
                "{\"name\":\"codex\",\"arguments\":{\"prompt\":\"x\",\"profile\":\"ghost\"}}",
                "Failed to load Codex configuration from overrides: config profile `ghost` not found");
        assertToolError(
                "{\"name\":\"codex-reply\",\"arguments\":{\"prompt\":\"x\"}}",
                "Failed to parse thread_id: either threadId or conversationId must be provided");
        assertToolError(
                "{\"name\":\"codex\",\"arguments\":{\"prompt\":5}}",
                "Failed to parse configuration for Codex tool: invalid type: integer `5`, expected a string for"
                        + " `prompt`");
        assertToolError(
                "{\"name\":\"codex\",\"arguments\":{\"prompt\":\"x\",\"config\":{\"approval_policy\":\"bogus\"}}}",
                "Failed to load Codex configuration from overrides: tool config approval_policy=bogus: invalid value"
                        + " for `approval_policy`: unknown variant `bogus`, expected one of `untrusted`, `on-failure`,"
                        + " `on-request`, `never`");
        assertToolError(
                "{\"name\":\"codex-reply\",\"arguments\":{\"threadId\":\"not-a-uuid\",\"prompt\":\"x\"}}",
                "Failed to parse thread_id: invalid thread id `not-a-uuid`");
        String unknown = "01a212a8-8391-78b2-ac33-1860e632174e";
        int id = client.request(
                "tools/call",
                Json.parse("{\"name\":\"codex-reply\",\"arguments\":{\"threadId\":\"" + unknown
                        + "\",\"prompt\":\"x\"}}"));
        assertThat(client.readResponse(id).path("result"))
                .isEqualTo(Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"Session not found for thread_id: "
                        + unknown + "\"}],\"structuredContent\":{\"threadId\":\"" + unknown
                        + "\",\"content\":\"Session not found for thread_id: " + unknown + "\"},\"isError\":true}"));
    }

    @Test
    void progressNotificationsFollowTheProgressToken() throws Exception {
        model.then(answer("done"));
        client.initialize(true);
        int id = client.request(
                "tools/call",
                Json.parse(
                        "{\"name\":\"codex\",\"arguments\":{\"prompt\":\"x\"},\"_meta\":{\"progressToken\":\"tok-1\"}}"));
        JsonNode progress = client.readNotification("notifications/progress");
        assertThat(progress.path("params").path("progressToken").asText()).isEqualTo("tok-1");
        assertThat(progress.path("params").path("progress").asLong()).isPositive();
        assertThat(progress.path("params").path("message").asText()).isNotBlank();
        assertThat(client.readResponse(id).path("result").path("isError").asBoolean(false))
                .isFalse();
    }

    @Test
    void endOfInputStopsTheServer() throws Exception {
        client.initialize(true);
        client.closeInput();
        assertThat(client.awaitEof(Duration.ofSeconds(3))).isTrue();
    }

    private void assertToolError(String params, String text) throws InterruptedException {
        int id = client.request("tools/call", Json.parse(params));
        JsonNode result = client.readResponse(id).path("result");
        assertThat(result.path("isError").asBoolean()).as(params).isTrue();
        assertThat(result.path("content").get(0).path("text").asText())
                .as(params)
                .isEqualTo(text);
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = McpProtocolTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }
}
