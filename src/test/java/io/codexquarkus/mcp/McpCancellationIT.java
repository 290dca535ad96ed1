package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.call;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping work: {@code notifications/cancelled} during a turn running {@code sleep
 * 30} kills the command at once, by default leaves the call unanswered (the server keeps serving), and with {@code
 * mcp_server.respond_on_cancel=true} answers it with an isError result; stdin EOF ends the server with exit 0 while a
 * command runs, and kills the command.
 */
class McpCancellationIT {
    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static MockModelServer model;

    @BeforeAll
    static void start() {
        model = MockModelServer.start();
        model.writeConfig(home, "never", "danger-full-access", "");
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    /** Scripts a turn whose only model answer runs {@code sleep 30}, writing its pid first; returns the pid file. */
    private Path scriptSleep() {
        Path pidFile = work.resolve("sleep.pid");
        model.script(ResponsesSse.shell(
                "call_sleep",
                List.of("bash", "-c", "echo $$ > '" + pidFile + "'; exec sleep 30"),
                work.toString(),
                60_000));
        return pidFile;
    }

    private static void cancel(McpTestClient client, int id) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("requestId", id).put("reason", "user cancelled");
        client.notification("notifications/cancelled", params);
    }

    @Test
    void cancelledCallKillsItsCommandAndGetsNoResponse() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            client.initialize(true);
            Path pidFile = scriptSleep();
            int id = call(client, "codex", args("run first sleep command", work));
            long pid = McpIt.awaitPid(pidFile, Duration.ofSeconds(15));
            assertThat(McpIt.dead(pid)).isFalse();
            String threadId = McpIt.threadId(client, id);
            int busy = call(client, "codex-reply", reply(threadId, "are you done?"));
            JsonNode busyResult = client.readResponse(busy).path("result");
            assertThat(busyResult.path("isError").asBoolean())
                    .as(busyResult.toString())
                    .isTrue();
            assertThat(busyResult.path("structuredContent").path("threadId").asText())
                    .isEqualTo(threadId);

            cancel(client, id);
            Duration killed = McpIt.awaitDeath(pid, Duration.ofSeconds(1));
            System.err.printf("[figures] cancel -> sleep killed in %d ms%n", killed.toMillis());
            JsonNode aborted = client.readEvent("turn_aborted");
            assertThat(aborted.path("params").path("_meta").path("requestId").asInt())
                    .isEqualTo(id);
            assertThat(aborted.path("params").path("msg").path("reason").asText())
                    .isEqualTo("interrupted");

            Thread.sleep(300);
            int ping = client.request("ping", null);
            assertThat(client.readResponse(ping).path("result")).isEqualTo(Json.parse("{}"));
            assertThat(McpIt.answered(client, id))
                    .as("a cancelled call gets no response by default\n" + server.transcript())
                    .isFalse();
            assertThat(model.requests())
                    .as("the model is not sampled after the cancel")
                    .hasSize(1);

            // a cancel for a request that is no longer running changes nothing
            cancel(client, id);
            int again = client.request("ping", null);
            assertThat(client.readResponse(again).has("result")).isTrue();

            // the cancelled thread takes the next turn
            model.script(ResponsesSse.message("back after the cancel"));
            int next = call(client, "codex-reply", reply(threadId, "still there?"));
            assertThat(client.readResponse(next).path("result"))
                    .as(server.transcript())
                    .isEqualTo(McpIt.success(threadId, "back after the cancel"));
            assertThat(McpIt.eventTypes(client, next)).doesNotContain("turn_aborted", "exec_command_end");

            cancelWhileAnElicitationIsPending(client);
            McpIt.assertNoNonJsonLines(client);
        }
    }

    /**
     * A cancel while the client is being asked: the question is withdrawn, no response, the command never runs, a late
     * answer is dropped.
     */
    private void cancelWhileAnElicitationIsPending(McpTestClient client) throws Exception {
        Path dir = java.nio.file.Files.createDirectories(work.resolve("asked"));
        model.script(
                ResponsesSse.shell("call_git", List.of("git", "init"), dir.toString(), 5_000),
                ResponsesSse.message("never sampled"));
        ObjectNode arguments = args("run `git init`", dir).put("approval-policy", "untrusted");
        int id = call(client, "codex", arguments);
        JsonNode elicitation = client.readRequest("elicitation/create");
        cancel(client, id);
        JsonNode aborted = client.readEvent("turn_aborted");
        assertThat(aborted.path("params").path("_meta").path("requestId").asInt())
                .isEqualTo(id);
        JsonNode withdrawn = client.readNotification("notifications/cancelled");
        assertThat(withdrawn.path("params").path("requestId")).isEqualTo(elicitation.get("id"));
        client.respond(elicitation.get("id"), Json.parse("{\"decision\":\"approved\"}"));
        Thread.sleep(300);
        int ping = client.request("ping", null);
        assertThat(client.readResponse(ping).has("result")).isTrue();
        assertThat(McpIt.answered(client, id)).isFalse();
        assertThat(dir.resolve(".git")).doesNotExist();
        assertThat(model.requests()).hasSize(1);
    }

    private static ObjectNode reply(String threadId, String prompt) {
        return Json.MAPPER.createObjectNode().put("threadId", threadId).put("prompt", prompt);
    }

    @Test
    void respondOnCancelAnswersTheCancelledCallWithIsError() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home, "-c", "mcp_server.respond_on_cancel=true")) {
            McpTestClient client = server.client();
            client.initialize(true);
            Path pidFile = scriptSleep();
            int id = call(client, "codex", args("run first sleep command", work));
            long pid = McpIt.awaitPid(pidFile, Duration.ofSeconds(15));

            cancel(client, id);
            JsonNode response = client.readResponse(id);
            McpIt.awaitDeath(pid, Duration.ofSeconds(1));
            JsonNode result = response.path("result");
            assertThat(result.path("isError").asBoolean())
                    .as(response.toString())
                    .isTrue();
            assertThat(result.path("structuredContent").path("threadId").asText())
                    .isEqualTo(McpIt.threadId(client, id));
            assertThat(McpIt.text(response)).isNotBlank();
            assertThat(McpIt.event(client, id, "turn_aborted")).isPresent();
        }
    }

    @Test
    void endOfInputExitsZeroWithinASecondAndKillsTheRunningCommand() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            client.initialize(true);
            Path pidFile = scriptSleep();
            call(client, "codex", args("run first sleep command", work));
            long pid = McpIt.awaitPid(pidFile, Duration.ofSeconds(15));

            long closing = System.nanoTime();
            int exit = server.closeInputAndAwaitExit(Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - closing);
            System.err.printf("[figures] stdin EOF -> exit in %d ms (sleep 30 running)%n", took.toMillis());
            assertThat(exit).as(server.transcript()).isZero();
            assertThat(took).as(server.transcript()).isLessThan(Duration.ofSeconds(1));
            McpIt.awaitDeath(pid, Duration.ofMillis(500));
            McpIt.assertNoNonJsonLines(client);
        }
    }
}
