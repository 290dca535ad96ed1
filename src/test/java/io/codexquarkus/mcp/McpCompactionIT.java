package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.call;
import static io.codexquarkus.mcp.McpIt.success;
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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction through the packaged MCP server: the {@code codex} tool's {@code compact-prompt} is the summarisation
 * request's instruction, clients get a {@code context_compacted} codex/event, and {@code codex-reply} after a server
 * restart sends the compacted history (the summary, not the text it replaced).
 */
class McpCompactionIT {
    private static final String EARLIER = "EARLIER-ASSISTANT-TEXT";
    private static final String SUMMARY = "SUMMARY-OF-THE-WORK";
    private static final String PROMPT = "TOOL-COMPACT-PROMPT: write the handover note.";

    @TempDir
    Path home;

    @TempDir
    Path work;

    /** Every text a model request carried, in order. */
    private static List<String> texts(JsonNode request) {
        return StreamSupport.stream(request.path("input").spliterator(), false)
                .filter(item -> "message".equals(item.path("type").asText()))
                .flatMap(item -> StreamSupport.stream(item.path("content").spliterator(), false))
                .map(content -> content.path("text").asText())
                .toList();
    }

    @Test
    void theToolsCompactPromptSummarisesAndAReplyAfterARestartSendsTheSummary() throws Exception {
        try (MockModelServer model = MockModelServer.start()) {
            // every scripted response reports 15 tokens: past this limit, so the plan call triggers compaction
            model.writeConfig(home, "never", "read-only", "model_auto_compact_token_limit = 10");
            String plan = "{\"plan\":[{\"step\":\"" + EARLIER + "\",\"status\":\"in_progress\"}]}";
            model.script(
                    ResponsesSse.functionCall("call_plan", "update_plan", plan),
                    ResponsesSse.message(SUMMARY),
                    ResponsesSse.message("first answer"),
                    ResponsesSse.message("second answer"));
            String threadId;
            try (McpServerProcess server = McpServerProcess.start(home, work)) {
                McpTestClient client = server.client();
                client.initialize(true);
                ObjectNode arguments = args("first prompt", work);
                arguments.put("compact-prompt", PROMPT);
                int first = call(client, "codex", arguments);
                JsonNode result = client.readResponse(first).path("result");
                threadId = McpIt.threadId(client, first);
                assertThat(result).as(server.transcript()).isEqualTo(success(threadId, "first answer"));
                assertThat(McpIt.eventTypes(client, first)).contains("context_compacted");
                assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(5))).isZero();
                McpIt.assertNoNonJsonLines(client);
            }
            List<JsonNode> requests = model.requests();
            assertThat(texts(requests.get(1)).getLast()).isEqualTo(PROMPT);
            assertThat(String.join("\n", texts(requests.get(2))))
                    .contains(SUMMARY, "first prompt")
                    .doesNotContain(EARLIER);

            try (McpServerProcess restarted = McpServerProcess.start(home, work)) {
                McpTestClient client = restarted.client();
                client.initialize(true);
                ObjectNode reply =
                        Json.MAPPER.createObjectNode().put("threadId", threadId).put("prompt", "second prompt");
                int second = call(client, "codex-reply", reply);
                assertThat(client.readResponse(second).path("result"))
                        .as(restarted.transcript())
                        .isEqualTo(success(threadId, "second answer"));
            }
            List<String> resumed = texts(model.requests().get(3));
            assertThat(String.join("\n", resumed))
                    .contains(SUMMARY, "first answer")
                    .doesNotContain(EARLIER);
            assertThat(resumed.getLast()).isEqualTo("second prompt");
        }
    }
}
