package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.McpTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Small helpers shared by the subprocess MCP tests ({@code *IT}). */
final class McpIt {
    private McpIt() {}

    /** Sends {@code tools/call} for {@code tool} with {@code arguments}; returns the request id. */
    static int call(McpTestClient client, String tool, ObjectNode arguments) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        return client.request("tools/call", params);
    }

    static ObjectNode args(String prompt, Path cwd) {
        ObjectNode args = Json.MAPPER.createObjectNode().put("prompt", prompt);
        if (cwd != null) {
            args.put("cwd", cwd.toString());
        }
        return args;
    }

    /** The {@code codex/event} notifications of one tools/call, in the order they arrived. */
    static List<JsonNode> events(McpTestClient client, int requestId) {
        return client.seen().stream()
                .filter(m -> "codex/event".equals(m.path("method").asText()))
                .filter(m -> m.path("params").path("_meta").path("requestId").asInt(-1) == requestId)
                .toList();
    }

    static Optional<JsonNode> event(McpTestClient client, int requestId, String type) {
        return events(client, requestId).stream()
                .filter(m ->
                        type.equals(m.path("params").path("msg").path("type").asText()))
                .findFirst();
    }

    static List<String> eventTypes(McpTestClient client, int requestId) {
        return events(client, requestId).stream()
                .map(m -> m.path("params").path("msg").path("type").asText())
                .toList();
    }

    /** The thread id announced by the call's {@code session_configured}. */
    static String threadId(McpTestClient client, int requestId) {
        return event(client, requestId, "session_configured")
                .orElseThrow(() -> new AssertionError("no session_configured for " + requestId + "\n" + client.dump()))
                .path("params")
                .path("msg")
                .path("session_id")
                .asText();
    }

    /** The successful CallToolResult shape: text content plus {@code structuredContent {threadId, content}}. */
    static JsonNode success(String threadId, String text) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.putObject("structuredContent").put("threadId", threadId).put("content", text);
        return result;
    }

    static String text(JsonNode response) {
        return response.path("result").path("content").path(0).path("text").asText();
    }

    /** Whether any message with this id that is not a request (a response or an error) was seen. */
    static boolean answered(McpTestClient client, int id) {
        return client.seen().stream()
                .anyMatch(m ->
                        !m.has("method") && m.path("id").isInt() && m.path("id").asInt() == id);
    }

    /** Waits (bounded) until {@code file} exists and holds a pid; returns it. */
    static long awaitPid(Path file, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no pid in " + file + " within " + timeout);
    }

    /** Whether {@code pid} is gone or a zombie (killed, not yet reaped). */
    static boolean dead(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
        String text;
        try {
            text = Files.readString(stat);
        } catch (java.io.IOException e) {
            // the process went away between the check and the read (NoSuchFileException, or ESRCH mid-read)
            return true;
        }
        // pid (comm) S ...: the state follows the last ')'
        String state = text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
        return state.equals("Z") || state.equals("X");
    }

    /** Waits at most {@code timeout} for {@code pid} to die; returns how long it took. */
    static Duration awaitDeath(long pid, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (dead(pid)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("process " + pid + " still alive after " + timeout);
    }

    static void assertNoNonJsonLines(McpTestClient client) {
        assertThat(client.seen()).as("every stdout line is a JSON-RPC message").allSatisfy(m -> {
            assertThat(m.has("__not_json__")).as(m.toString()).isFalse();
            assertThat(m.path("jsonrpc").asText()).as(m.toString()).isEqualTo("2.0");
        });
    }
}
