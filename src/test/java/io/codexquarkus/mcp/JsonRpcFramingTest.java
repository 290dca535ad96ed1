package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.InProcessMcp;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.ScriptedModelClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact JSON-RPC framing over the real server on in-memory pipes: one case per wrong answer issue 15 found. */
class JsonRpcFramingTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private InProcessMcp mcp;
    private McpTestClient client;
    private int barrier = 1_000_000;
    private int mark;

    private void start(String... overrides) {
        mcp = new InProcessMcp(
                home,
                work,
                new ScriptedModelClient(),
                McpProtocolTest.NO_TOOLS,
                List.of(overrides),
                Map.of("SHELL", "/bin/bash"));
        client = mcp.client;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (mcp != null) {
            mcp.close();
        }
    }

    private void send(String text) {
        client.sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The lines written since the last call: a ping is answered on the reading thread, after every earlier line's
     * decoding error and immediate answer, so once its answer is in, everything before it is too.
     */
    private List<String> linesUntilBarrier() throws InterruptedException {
        int id = barrier++;
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
        client.readUntil(m -> m.path("id").isInt() && m.path("id").asInt() == id, McpTestClient.TIMEOUT);
        List<String> lines = client.rawLines();
        int from = mark;
        mark = lines.size();
        return lines.subList(from, lines.size()).stream()
                .filter(l -> !l.contains("\"id\":" + id + ","))
                .toList();
    }

    @Test
    void aCrIsWhitespaceAndCrLfEndsALine() throws Exception {
        start();
        send("{\"jsonrpc\":\"2.0\",\r\"id\":1,\r\"method\":\"ping\"}\n");
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}\r\n");
        assertThat(linesUntilBarrier())
                .containsExactly(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}");
    }

    @Test
    void garbageWithManyCrsIsOneError() throws Exception {
        start();
        send("x".repeat(256) + "\r" + "y\r".repeat(15) + "z\n");
        List<String> lines = linesUntilBarrier();
        assertThat(lines).hasSize(1);
        assertThat(Json.parse(lines.get(0)).path("error").path("code").asInt()).isEqualTo(-32700);
    }

    @Test
    void anythingAfterTheValueIsAParseErrorAnsweredWithTheId() throws Exception {
        start();
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}\n");
        send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"} trailing\n");
        send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"} 7\n");
        List<String> lines = linesUntilBarrier();
        assertThat(lines).hasSize(3);
        assertThat(lines.stream().map(Json::parse).map(m -> m.path("id").asInt()))
                .containsExactly(3, 5, 6);
        assertThat(lines.stream()
                        .map(Json::parse)
                        .map(m -> m.path("error").path("code").asInt()))
                .containsOnly(-32700);
    }

    @Test
    void jsonrpcMustBeTheString20() throws Exception {
        start();
        send("{\"jsonrpc\":2.0,\"id\":7,\"method\":\"ping\"}\n");
        send("{\"id\":8,\"method\":\"ping\"}\n");
        List<String> lines = linesUntilBarrier();
        assertThat(lines.stream().map(Json::parse).map(m -> m.path("id").asInt()))
                .containsExactly(7, 8);
        assertThat(lines.stream()
                        .map(Json::parse)
                        .map(m -> m.path("error").path("code").asInt()))
                .containsOnly(-32600);
    }

    @Test
    void idsAreEchoedAsSent() throws Exception {
        start();
        List<String> ids = List.of(
                "\"a\\ud800b\"", "1e400", "\"\\u0041\"", "-0", "1E2", "1.50", "\"é\"", "12345678901234567890123");
        for (String id : ids) {
            send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}\n");
        }
        // also when the request is wrong in other ways
        send("{\"jsonrpc\":\"1.0\",\"id\":1e400,\"method\":\"ping\"}\n");
        List<String> lines = linesUntilBarrier();
        assertThat(lines).hasSize(ids.size() + 1);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(lines.get(i)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":" + ids.get(i) + ",\"result\":{}}");
        }
        assertThat(lines.get(ids.size())).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1e400,\"error\":{\"code\":-32600,");
    }

    @Test
    void aTwentyMebibyteStringInParamsIsAnswered() throws Exception {
        start();
        String big = "x".repeat(20 * 1024 * 1024);
        send("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"ping\",\"params\":{\"pad\":\"" + big + "\"}}\n");
        List<String> lines = linesUntilBarrier();
        assertThat(lines).containsExactly("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"result\":{}}");
    }

    @Test
    void aLineOverTheLimitIsSkippedAndAnsweredWithItsId() throws Exception {
        start("mcp_server.max_message_bytes=4096");
        String exact = "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\",\"params\":{\"pad\":\"\"}}";
        String atLimit = exact.replace("\"pad\":\"\"", "\"pad\":\"" + "p".repeat(4096 - exact.length()) + "\"");
        assertThat(atLimit).hasSize(4096);
        send(atLimit + "\r\n");
        send(atLimit.replace("\"id\":10", "\"id\":11") + "p\n");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"pad\":\"" + "q".repeat(200_000)
                + "\"},\"id\":12}\n");
        List<String> lines = linesUntilBarrier();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":10,\"result\":{}}");
        JsonNode over = Json.parse(lines.get(1));
        assertThat(over.path("id").asInt()).isEqualTo(11);
        assertThat(over.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(over.path("error").path("data").path("limit").asLong()).isEqualTo(4096);
        assertThat(over.path("error").path("message").asText()).contains("max_message_bytes");
        JsonNode late = Json.parse(lines.get(2));
        assertThat(late.path("id").isNull()).isTrue();
        assertThat(late.path("error").path("code").asInt()).isEqualTo(-32600);
    }

    @Test
    void aCodexCallWithANulInCwdIsAnIsErrorResultNamingIt() throws Exception {
        start();
        client.initialize(false);
        int id = client.request(
                "tools/call",
                Json.parse("{\"name\":\"codex\",\"arguments\":{\"prompt\":\"hi\",\"cwd\":\"/tmp/a\\u0000b\"}}"));
        JsonNode response = client.readResponse(id);
        assertThat(response.has("error")).as(response.toString()).isFalse();
        assertThat(response.path("result").path("isError").asBoolean()).isTrue();
        assertThat(response.path("result").toString()).contains("`cwd`");
    }
}
