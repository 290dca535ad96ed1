package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.testing.McpServerProcess;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.ResponsesSse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many {@code codex} calls at once on one connection: they run at the same time, and each gets its own thread
 * and its own answer.
 */
class McpParallelIT {
    private static final int CALLS = 8;
    /** Each model answer is held this long: calls that ran one after another could not all reach the model in it. */
    private static final Duration MODEL_DELAY = Duration.ofSeconds(3);

    @TempDir
    Path home;

    @Test
    void eightParallelCallsEachGetTheirOwnThreadAndAnswer() throws Exception {
        try (MockModelServer model = MockModelServer.start()) {
            model.writeConfig(home, "never", "read-only", "");
            model.always(ResponsesSse.message("parallel answer"), MODEL_DELAY);
            run(model);
        }
    }

    private void run(MockModelServer model) throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            client.initialize(true);

            long start = System.nanoTime();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                ids.add(call(client, "codex", args("call number " + i, home)));
            }
            // every call is at the model before the first answer is released: the calls overlap
            model.awaitRequests(CALLS, MODEL_DELAY.minusMillis(500));
            Map<Integer, JsonNode> answers = new HashMap<>();
            while (answers.size() < CALLS) {
                JsonNode response = client.readUntil(
                        m -> !m.has("method") && ids.contains(m.path("id").asInt(-1)), McpTestClient.TIMEOUT);
                answers.put(response.path("id").asInt(), response);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            System.err.printf(
                    "[figures] %d parallel codex calls (model answers after %d ms each): %d ms wall%n",
                    CALLS, MODEL_DELAY.toMillis(), wall.toMillis());

            Set<String> threads = new HashSet<>();
            for (int id : ids) {
                JsonNode result = answers.get(id).path("result");
                assertThat(result.path("isError").asBoolean(false))
                        .as(result.toString())
                        .isFalse();
                assertThat(result.path("structuredContent").path("content").asText())
                        .isEqualTo("parallel answer");
                String threadId =
                        result.path("structuredContent").path("threadId").asText();
                assertThat(threadId).isEqualTo(McpIt.threadId(client, id));
                threads.add(threadId);
                assertThat(McpIt.events(client, id))
                        .allSatisfy(e -> assertThat(e.path("params")
                                        .path("_meta")
                                        .path("threadId")
                                        .asText())
                                .isEqualTo(threadId));
            }
            assertThat(threads).hasSize(CALLS);
            List<JsonNode> requests = model.requests();
            assertThat(requests).hasSize(CALLS);
            Set<String> prompts = new HashSet<>();
            for (JsonNode request : requests) {
                prompts.add(request.path("input").toString().replaceAll(".*(call number \\d).*", "$1"));
            }
            assertThat(prompts).hasSize(CALLS);
            assertThat(wall).isLessThan(Duration.ofSeconds(20));
            McpIt.assertNoNonJsonLines(client);
        }
    }
}
