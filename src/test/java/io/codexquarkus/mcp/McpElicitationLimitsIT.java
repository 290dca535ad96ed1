package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.call;
import static io.codexquarkus.mcp.McpIt.success;
import static io.codexquarkus.mcp.McpIt.threadId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals nobody answers: an elicitation left unanswered past {@code
 * mcp_server.elicitation_timeout_ms} is a denial the model is told about, and a client that declared no elicitation
 * capability is never asked — the command is denied and the call still completes.
 */
class McpElicitationLimitsIT {
    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static MockModelServer model;

    @BeforeAll
    static void start() {
        model = MockModelServer.start();
        model.writeConfig(home, "untrusted", "read-only", "");
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    private void scriptGitInit(String finalMessage) {
        model.script(
                ResponsesSse.shell("call1234", List.of("git", "init"), work.toString(), 5_000),
                ResponsesSse.message(finalMessage));
    }

    private static String outputSeenByModel() throws InterruptedException {
        List<JsonNode> requests = model.awaitRequests(2, Duration.ofSeconds(10));
        assertThat(requests).hasSize(2);
        List<JsonNode> outputs = MockModelServer.functionCallOutputs(requests.get(1));
        assertThat(outputs).hasSize(1);
        return outputs.get(0).path("output").asText();
    }

    @Test
    void unansweredElicitationTimesOutAsADenialTheModelSees() throws Exception {
        try (McpServerProcess server =
                McpServerProcess.start(home, home, "-c", "mcp_server.elicitation_timeout_ms=500")) {
            McpTestClient client = server.client();
            client.initialize(true);
            scriptGitInit("nobody answered");
            int id = call(client, "codex", args("run `git init`", work));
            JsonNode request = client.readRequest("elicitation/create");
            long asked = System.nanoTime();
            JsonNode response = client.readResponse(id);
            Duration waited = Duration.ofNanos(System.nanoTime() - asked);
            assertThat(response.path("result"))
                    .as(server.transcript())
                    .isEqualTo(success(threadId(client, id), "nobody answered"));
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            // the expired question is withdrawn, so the client can close its dialog
            assertThat(client.seen())
                    .as(server.transcript())
                    .anyMatch(m ->
                            "notifications/cancelled".equals(m.path("method").asText())
                                    && m.path("params").path("requestId").equals(request.get("id")));
            assertThat(work.resolve(".git")).doesNotExist();
            assertThat(outputSeenByModel())
                    .contains("rejected")
                    .contains("no answer to the approval request within 500ms");

            // a late answer to the expired request is dropped; the server carries on
            client.respond(request.get("id"), Json.parse("{\"decision\":\"approved\"}"));
            int ping = client.request("ping", null);
            assertThat(client.readResponse(ping).path("result")).isEqualTo(Json.parse("{}"));
            assertThat(work.resolve(".git")).doesNotExist();
            McpIt.assertNoNonJsonLines(client);
        }
    }

    @Test
    void clientWithoutElicitationCapabilityIsNeverAsked() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            client.initialize(false);
            scriptGitInit("could not ask");
            int id = call(client, "codex", args("run `git init`", work));
            JsonNode response = client.readResponse(id);
            assertThat(response.path("result"))
                    .as(server.transcript())
                    .isEqualTo(success(threadId(client, id), "could not ask"));
            assertThat(client.seen())
                    .noneMatch(m -> "elicitation/create".equals(m.path("method").asText()));
            assertThat(work.resolve(".git")).doesNotExist();
            assertThat(outputSeenByModel()).contains("rejected").contains("elicitation");
            McpIt.assertNoNonJsonLines(client);
        }
    }
}
