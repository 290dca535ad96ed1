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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code codex-reply}: it continues a thread by {@code threadId} and by the legacy
 * {@code conversationId}; after a server restart it resumes the thread from the rollout file the first process wrote;
 * an id no process or rollout knows gets the not-found text.
 */
class McpCodexReplyIT {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private static ObjectNode reply(String idField, String threadId, String prompt) {
        return Json.MAPPER.createObjectNode().put(idField, threadId).put("prompt", prompt);
    }

    /** The texts of the user and assistant messages a model request carried, in order. */
    private static List<String> conversation(JsonNode request) {
        return java.util.stream.StreamSupport.stream(request.path("input").spliterator(), false)
                .filter(item -> "message".equals(item.path("type").asText()))
                .filter(item -> !item.path("role").asText().equals("developer"))
                .flatMap(item -> java.util.stream.StreamSupport.stream(
                        item.path("content").spliterator(), false))
                .map(content -> content.path("text").asText())
                .filter(text -> !text.startsWith("<"))
                .toList();
    }

    @Test
    void replyContinuesByThreadIdAndConversationIdAndResumesAfterARestart() throws Exception {
        try (MockModelServer model = MockModelServer.start()) {
            model.writeConfig(home, "never", "read-only", "");
            model.script(
                    ResponsesSse.message("first answer"),
                    ResponsesSse.message("second answer"),
                    ResponsesSse.message("third answer"),
                    ResponsesSse.message("fourth answer"));
            String threadId;
            try (McpServerProcess server = McpServerProcess.start(home, work)) {
                McpTestClient client = server.client();
                client.initialize(true);
                int first = call(client, "codex", args("first prompt", work));
                JsonNode firstResult = client.readResponse(first).path("result");
                threadId = McpIt.threadId(client, first);
                assertThat(firstResult).isEqualTo(success(threadId, "first answer"));

                int second = call(client, "codex-reply", reply("threadId", threadId, "second prompt"));
                assertThat(client.readResponse(second).path("result")).isEqualTo(success(threadId, "second answer"));
                assertThat(McpIt.event(client, second, "session_configured"))
                        .as("a reply does not configure a new session")
                        .isEmpty();

                int third = call(client, "codex-reply", reply("conversationId", threadId, "third prompt"));
                assertThat(client.readResponse(third).path("result")).isEqualTo(success(threadId, "third answer"));

                String unknown = "01a212a8-8391-78b2-ac33-1860e632174e";
                int missing = call(client, "codex-reply", reply("threadId", unknown, "anyone there?"));
                JsonNode notFound = client.readResponse(missing).path("result");
                String text = "Session not found for thread_id: " + unknown;
                ObjectNode expected = (ObjectNode) success(unknown, text);
                expected.put("isError", true);
                assertThat(notFound).isEqualTo(expected);

                assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(5))).isZero();
                McpIt.assertNoNonJsonLines(client);
            }
            assertThat(conversation(model.requests().get(2)))
                    .containsExactly("first prompt", "first answer", "second prompt", "second answer", "third prompt");
            try (Stream<Path> files = Files.walk(home.resolve("sessions"))) {
                assertThat(files.map(Path::toString)).anyMatch(name -> name.endsWith(threadId + ".jsonl"));
            }

            try (McpServerProcess restarted = McpServerProcess.start(home, work)) {
                McpTestClient client = restarted.client();
                client.initialize(true);
                int fourth = call(client, "codex-reply", reply("threadId", threadId, "fourth prompt"));
                assertThat(client.readResponse(fourth).path("result"))
                        .as(restarted.transcript())
                        .isEqualTo(success(threadId, "fourth answer"));
                assertThat(McpIt.events(client, fourth))
                        .allSatisfy(e -> assertThat(e.path("params")
                                        .path("_meta")
                                        .path("threadId")
                                        .asText())
                                .isEqualTo(threadId));
            }
            List<JsonNode> requests = model.requests();
            assertThat(requests).hasSize(4);
            assertThat(conversation(requests.get(3)))
                    .containsExactly(
                            "first prompt",
                            "first answer",
                            "second prompt",
                            "second answer",
                            "third prompt",
                            "third answer",
                            "fourth prompt");
        }
    }
}
