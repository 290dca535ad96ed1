package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.McpServerProcess;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.ResponsesSse;
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
 * Keep-alive progress (issue 14): a call that carried a progress token hears from the server at least every {@code
 * mcp_server.progress_heartbeat_ms} (200 ms here) while the model is silent or a command runs, with what the turn is
 * doing; progress stops with the answer or the cancellation; a call without a token gets none. One server process,
 * the tests in order: each later one also checks that nothing of the earlier calls arrives any more.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpHeartbeatIT {
    private static final Duration HOLD = Duration.ofSeconds(2);

    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static MockModelServer model;
    private static McpServerProcess server;
    private static McpTestClient client;

    @BeforeAll
    static void start() throws Exception {
        model = MockModelServer.start();
        model.writeConfig(home, "never", "read-only", "");
        server = McpServerProcess.start(home, home, "-c", "mcp_server.progress_heartbeat_ms=200");
        client = server.client();
        client.initialize(false);
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

    @Test
    @Order(1)
    void aSilentModelStillYieldsProgressEveryHeartbeatUntilTheAnswer() throws Exception {
        model.always(ResponsesSse.message("done thinking"), HOLD);
        long started = System.nanoTime();
        int id = client.request("tools/call", tokenCall("think hard", "hb-1", work));
        JsonNode response = client.readResponse(id);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(McpIt.text(response)).isEqualTo("done thinking");

        List<JsonNode> seen = client.seen();
        List<JsonNode> progress = progress(seen, "hb-1");
        System.err.printf(
                "[figures] heartbeat 200 ms, model silent %d ms: %d progress notifications in a %d ms call%n",
                HOLD.toMillis(), progress.size(), tookMs);
        assertThat(progress).as(client.dump()).hasSizeGreaterThanOrEqualTo(8);
        assertStrictlyIncreasing(progress);
        for (JsonNode note : progress) {
            assertThat(seen.indexOf(note)).as("progress precedes the answer").isLessThan(seen.indexOf(response));
        }
        List<String> messages = messages(progress);
        assertThat(messages).anyMatch(m -> m.equals("waiting for the model — 1 s"));
        assertThat(messages).allMatch(m -> !m.isBlank());
    }

    @Test
    @Order(2)
    void aQuietCommandIsNamedInTheKeepAlive() throws Exception {
        model.script(
                ResponsesSse.shell("call_sleep", List.of("sleep", "1.5"), work.toString(), 10_000),
                ResponsesSse.message("slept"));
        int id = client.request("tools/call", tokenCall("sleep a bit", "hb-2", work));
        JsonNode response = client.readResponse(id);
        assertThat(McpIt.text(response)).as(client.dump()).isEqualTo("slept");
        List<JsonNode> progress = progress(client.seen(), "hb-2");
        assertStrictlyIncreasing(progress);
        assertThat(messages(progress)).as(client.dump()).contains("running `sleep 1.5` — 1 s");
    }

    @Test
    @Order(3)
    void cancellingStopsTheKeepAlive() throws Exception {
        model.always(ResponsesSse.message("too late"), HOLD);
        int id = client.request("tools/call", tokenCall("never mind", "hb-3", work));
        for (int i = 0; i < 3; i++) {
            client.readUntil(m -> isProgress(m, "hb-3"), McpTestClient.TIMEOUT);
        }
        client.notification(
                "notifications/cancelled",
                Json.MAPPER.createObjectNode().put("requestId", id).put("reason", "test"));
        // the server reads in order: by the time ping is answered the cancellation has stopped the timer
        int ping = client.request("ping", null);
        JsonNode pong = client.readResponse(ping);
        assertThat(pong.has("result")).isTrue();
        assertThat(progress(client.seen(), "hb-3")).hasSizeGreaterThanOrEqualTo(3);
        assertStrictlyIncreasing(progress(client.seen(), "hb-3"));
    }

    @Test
    @Order(4)
    void noTokenNoProgressAndNothingLeftOverFromEarlierCalls() throws Exception {
        int from = client.seen().size();
        model.always(ResponsesSse.message("quiet"), HOLD);
        int id = McpIt.call(client, "codex", args("no token", work));
        JsonNode response = client.readResponse(id);
        assertThat(McpIt.text(response)).isEqualTo("quiet");
        List<JsonNode> after = client.seen().subList(from, client.seen().size());
        assertThat(after)
                .as("a call without a token, and the answered or cancelled calls before it, send no progress")
                .noneMatch(m -> "notifications/progress".equals(m.path("method").asText()));
    }

    private static ObjectNode tokenCall(String prompt, String token, Path cwd) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("name", "codex");
        params.set("arguments", args(prompt, cwd));
        params.putObject("_meta").put("progressToken", token);
        return params;
    }

    private static boolean isProgress(JsonNode message, String token) {
        return "notifications/progress".equals(message.path("method").asText())
                && token.equals(message.path("params").path("progressToken").asText());
    }

    private static List<JsonNode> progress(List<JsonNode> seen, String token) {
        return seen.stream().filter(m -> isProgress(m, token)).toList();
    }

    private static List<String> messages(List<JsonNode> progress) {
        return progress.stream()
                .map(p -> p.path("params").path("message").asText())
                .toList();
    }

    private static void assertStrictlyIncreasing(List<JsonNode> progress) {
        double last = 0;
        for (JsonNode note : progress) {
            double value = note.path("params").path("progress").asDouble();
            assertThat(value).as("progress strictly increases").isGreaterThan(last);
            last = value;
        }
    }
}
