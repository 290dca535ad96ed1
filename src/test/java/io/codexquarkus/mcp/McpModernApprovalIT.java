package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.success;
import static io.codexquarkus.mcp.ModernCalls.answer;
import static io.codexquarkus.mcp.ModernCalls.assertNoServerRequest;
import static io.codexquarkus.mcp.ModernCalls.call;
import static io.codexquarkus.mcp.ModernCalls.params;
import static io.codexquarkus.mcp.ModernCalls.retry;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals of MCP 2026-07-28 over the packaged server, in raw JSON-RPC: a {@code tools/call} that needs an approval
 * is answered {@code input_required}, and the retry (new id, same arguments, {@code inputResponses}, the {@code
 * requestState} echoed) resumes the turn, whose progress and final answer then go to the retry. Approval, denial
 * ({@code decline}), {@code cancel} (abort), a parked turn nobody resumes, an altered {@code requestState}, and a
 * client without elicitation. The server never writes a JSON-RPC request on this connection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpModernApprovalIT {
    private static final String CALL_ID = "call1234";

    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static MockModelServer model;
    private static McpServerProcess server;
    private static McpTestClient client;
    private static final AtomicInteger TOKENS = new AtomicInteger(1000);

    @BeforeAll
    static void start() throws Exception {
        model = MockModelServer.start();
        model.writeConfig(home, "untrusted", "read-only", "");
        server = McpServerProcess.start(home, home);
        client = server.client();
        JsonNode discover = client.readResponse(client.request("server/discover", params(true, null)));
        assertThat(discover.path("result").path("supportedVersions").toString())
                .as(server.transcript())
                .contains(ModernCalls.VERSION);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @AfterEach
    void noRequestFromTheServer() {
        assertNoServerRequest(client);
        McpIt.assertNoNonJsonLines(client);
    }

    private void scriptGitInit(Path dir, String finalMessage) {
        model.script(
                ResponsesSse.shell(CALL_ID, List.of("git", "init"), dir.toString(), 5_000),
                ResponsesSse.message(finalMessage));
    }

    /** The input_required result of {@code id}, checked for its shape; returns the result. */
    private static JsonNode inputRequired(McpTestClient client, int id) throws InterruptedException {
        JsonNode response = client.readResponse(id);
        JsonNode result = response.path("result");
        assertThat(result.path("resultType").asText()).as(response.toString()).isEqualTo("input_required");
        assertThat(result.path("requestState").isTextual()).isTrue();
        assertThat(result.path("inputRequests").size()).isEqualTo(1);
        assertThat(result.path("_meta").has("io.modelcontextprotocol/serverInfo"))
                .isTrue();
        return result;
    }

    private static String onlyKey(JsonNode result) {
        return result.path("inputRequests").fieldNames().next();
    }

    private static String outputSeenByModel() throws InterruptedException {
        List<JsonNode> requests = model.awaitRequests(2, Duration.ofSeconds(10));
        assertThat(requests).hasSize(2);
        List<JsonNode> outputs = MockModelServer.functionCallOutputs(requests.get(1));
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).path("call_id").asText()).isEqualTo(CALL_ID);
        return outputs.get(0).path("output").asText();
    }

    private static List<JsonNode> progressOf(int token) {
        return client.seen().stream()
                .filter(m -> "notifications/progress".equals(m.path("method").asText()))
                .filter(m -> m.path("params").path("progressToken").asInt() == token)
                .toList();
    }

    private static int indexOfResponse(int id) {
        List<JsonNode> seen = client.seen();
        for (int i = 0; i < seen.size(); i++) {
            JsonNode m = seen.get(i);
            if (!m.has("method") && m.path("id").asInt(-1) == id) {
                return i;
            }
        }
        return -1;
    }

    @Test
    @Order(1)
    void approvedCommandRunsAndTheRetryGetsProgressAndTheAnswer() throws Exception {
        scriptGitInit(work, "Enjoy your new git repo!");
        ObjectNode arguments = args("run `git init`", work);
        int firstToken = TOKENS.incrementAndGet();
        int first = call(client, "codex", arguments, true, firstToken);

        JsonNode result = inputRequired(client, first);
        String key = onlyKey(result);
        JsonNode request = result.path("inputRequests").path(key);
        assertThat(request.path("method").asText()).isEqualTo("elicitation/create");
        JsonNode form = request.path("params");
        assertThat(form.path("mode").asText()).isEqualTo("form");
        assertThat(form.path("message").asText()).startsWith("Allow Codex to run `git init` in `" + work + "`?");
        JsonNode decision = form.path("requestedSchema").path("properties").path("decision");
        assertThat(decision.path("oneOf").findValuesAsText("const"))
                .containsExactly("approved", "approved_for_session", "denied", "abort");
        assertThat(decision.path("oneOf").findValuesAsText("title")).contains("Approve once", "Deny");
        assertThat(form.path("codex_elicitation").asText()).isEqualTo("exec-approval");
        assertThat(form.path("codex_call_id").asText()).isEqualTo(CALL_ID);
        assertThat(form.path("codex_mcp_tool_call_id").asText()).isEqualTo(Integer.toString(first));
        assertThat(form.path("codex_command")).isEqualTo(Json.parse("[\"git\",\"init\"]"));
        String threadId = form.path("threadId").asText();
        assertThat(threadId).isNotEmpty();
        assertThat(work.resolve(".git")).as("nothing runs before the answer").doesNotExist();

        // while the turn is parked its thread is busy
        ObjectNode reply =
                Json.MAPPER.createObjectNode().put("threadId", threadId).put("prompt", "hello?");
        JsonNode busy = client.readResponse(call(client, "codex-reply", reply, true, TOKENS.incrementAndGet()));
        assertThat(busy.path("result").path("isError").asBoolean()).isTrue();
        assertThat(McpIt.text(busy)).contains("busy");

        int token = TOKENS.incrementAndGet();
        int second = retry(
                client, arguments, result.path("requestState").asText(), answer(key, "accept", "approved"), token);
        JsonNode response = client.readResponse(second);
        assertThat(response.path("result").path("resultType").asText()).isEqualTo("complete");
        JsonNode expected = ((ObjectNode) success(threadId, "Enjoy your new git repo!")).put("resultType", "complete");
        ((ObjectNode) response.path("result")).remove("_meta");
        assertThat(response.path("result")).isEqualTo(expected);
        assertThat(work.resolve(".git")).isDirectory();
        assertThat(outputSeenByModel()).contains("Initialized empty Git repository");
        assertThat(progressOf(token))
                .as("progress goes on under the retry's token")
                .isNotEmpty();
        int answeredAt = indexOfResponse(second);
        assertThat(client.seen().indexOf(progressOf(token).get(progressOf(token).size() - 1)))
                .as("no progress after the answer")
                .isLessThan(answeredAt);
        assertThat(McpIt.event(client, second, "exec_command_begin"))
                .as("the turn's events go to the retry")
                .isPresent();
        assertThat(McpIt.answered(client, first)).isTrue();
    }

    @Test
    @Order(2)
    void declinedCommandDoesNotRunAndTheModelIsTold() throws Exception {
        scriptGitInit(work, "I was not allowed to run it.");
        ObjectNode arguments = args("run `git init`", work);
        int first = call(client, "codex", arguments, true, TOKENS.incrementAndGet());
        JsonNode result = inputRequired(client, first);
        int second = retry(
                client,
                arguments,
                result.path("requestState").asText(),
                answer(onlyKey(result), "decline", null),
                TOKENS.incrementAndGet());
        JsonNode response = client.readResponse(second);
        assertThat(McpIt.text(response)).isEqualTo("I was not allowed to run it.");
        assertThat(response.path("result").has("isError")).isFalse();
        assertThat(work.resolve(".git")).doesNotExist();
        assertThat(outputSeenByModel()).contains("rejected");
    }

    @Test
    @Order(3)
    void cancelAbortsTheTurn() throws Exception {
        scriptGitInit(work, "never sent");
        ObjectNode arguments = args("run `git init`", work);
        int first = call(client, "codex", arguments, true, TOKENS.incrementAndGet());
        JsonNode result = inputRequired(client, first);
        int second = retry(
                client,
                arguments,
                result.path("requestState").asText(),
                answer(onlyKey(result), "cancel", null),
                TOKENS.incrementAndGet());
        JsonNode response = client.readResponse(second);
        assertThat(response.path("result").path("isError").asBoolean())
                .as(response.toString())
                .isTrue();
        assertThat(McpIt.text(response)).contains("aborted");
        assertThat(work.resolve(".git")).doesNotExist();
        assertThat(model.requests()).as("the model is not asked again").hasSize(1);
        assertThat(McpIt.event(client, second, "turn_aborted")).isPresent();
    }

    @Test
    @Order(4)
    void anAlteredOrForeignRequestStateIsRefusedAndTheTurnStillWaits() throws Exception {
        scriptGitInit(work, "denied after all");
        ObjectNode arguments = args("run `git init`", work);
        int first = call(client, "codex", arguments, true, TOKENS.incrementAndGet());
        JsonNode result = inputRequired(client, first);
        String state = result.path("requestState").asText();
        String key = onlyKey(result);
        int cut = state.indexOf('.') + 3;
        String tampered = state.substring(0, cut) + (state.charAt(cut) == 'A' ? 'B' : 'A') + state.substring(cut + 1);

        JsonNode refused = client.readResponse(
                retry(client, arguments, tampered, answer(key, "accept", "approved"), TOKENS.incrementAndGet()));
        assertThat(refused.path("error").path("code").asInt())
                .as(refused.toString())
                .isEqualTo(-32602);
        assertThat(refused.path("error").path("message").asText()).contains("requestState", "integrity");
        ObjectNode other = args("run `git init` somewhere else", work);
        JsonNode wrongCall = client.readResponse(
                retry(client, other, state, answer(key, "accept", "approved"), TOKENS.incrementAndGet()));
        assertThat(wrongCall.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(wrongCall.path("error").path("message").asText()).contains("arguments");
        assertThat(work.resolve(".git")).doesNotExist();

        // the genuine state still resumes the turn, once
        int second = retry(client, arguments, state, answer(key, "decline", null), TOKENS.incrementAndGet());
        assertThat(McpIt.text(client.readResponse(second))).isEqualTo("denied after all");
        JsonNode replay = client.readResponse(
                retry(client, arguments, state, answer(key, "accept", "approved"), TOKENS.incrementAndGet()));
        assertThat(replay.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(work.resolve(".git")).doesNotExist();
    }

    @Test
    @Order(5)
    void aClientWithoutElicitationGetsTheDenialWithAReason() throws Exception {
        scriptGitInit(work, "could not ask");
        int id = call(client, "codex", args("run `git init`", work), false, TOKENS.incrementAndGet());
        JsonNode response = client.readResponse(id);
        assertThat(response.path("result").path("resultType").asText()).isEqualTo("complete");
        assertThat(McpIt.text(response)).isEqualTo("could not ask");
        assertThat(work.resolve(".git")).doesNotExist();
        assertThat(outputSeenByModel()).contains("cannot be asked");
    }

    @Test
    @Order(6)
    void aCancelledRetryInterruptsTheResumedTurnAndGetsNoAnswer() throws Exception {
        Path pidFile = work.resolve("sleep.pid");
        model.script(
                ResponsesSse.shell(
                        CALL_ID,
                        List.of("bash", "-c", "echo $$ > '" + pidFile + "'; exec sleep 30"),
                        work.toString(),
                        60_000),
                ResponsesSse.message("never sent"));
        ObjectNode arguments = args("run a long command", work);
        int first = call(client, "codex", arguments, true, TOKENS.incrementAndGet());
        JsonNode result = inputRequired(client, first);
        int second = retry(
                client,
                arguments,
                result.path("requestState").asText(),
                answer(onlyKey(result), "accept", "approved"),
                TOKENS.incrementAndGet());
        long pid = McpIt.awaitPid(pidFile, Duration.ofSeconds(20));
        client.notification(
                "notifications/cancelled", Json.MAPPER.createObjectNode().put("requestId", second));
        int seenAtCancel = client.seen().size();
        McpIt.awaitDeath(pid, Duration.ofSeconds(10));
        // the turn ends right after its command is killed; an answer or its turn_aborted event would follow at once
        Thread.sleep(500);
        assertThat(McpIt.answered(client, second))
                .as("a cancelled 2026-07-28 request gets no answer")
                .isFalse();
        assertThat(client.seen().subList(seenAtCancel, client.seen().size()))
                .as("nothing more is sent for a cancelled 2026-07-28 request")
                .noneMatch(m -> m.path("params").path("_meta").path("requestId").asInt(-1) == second);
        assertThat(McpIt.event(client, second, "exec_command_begin")).isPresent();
    }

    @Test
    @Order(7)
    void aParkedTurnNobodyResumesIsAbortedAfterTheTimeout() throws Exception {
        Path otherHome = Files.createDirectories(work.resolve("home"));
        model.writeConfig(otherHome, "untrusted", "read-only", "");
        try (McpServerProcess shortWait =
                McpServerProcess.start(otherHome, work, Map.of(), "-c", "mcp_server.input_required_timeout_ms=1500")) {
            McpTestClient quick = shortWait.client();
            Path dir = Files.createDirectories(work.resolve("repo"));
            scriptGitInit(dir, "never sent");
            ObjectNode arguments = args("run `git init`", dir);
            int first = call(quick, "codex", arguments, true, TOKENS.incrementAndGet());
            JsonNode result = inputRequired(quick, first);
            String threadId = result.path("inputRequests")
                    .path(onlyKey(result))
                    .path("params")
                    .path("threadId")
                    .asText();
            long parkedAt = System.nanoTime();

            // once aborted, the thread is free again: a codex-reply goes through instead of "busy"
            JsonNode reply = null;
            while (System.nanoTime() - parkedAt < Duration.ofSeconds(15).toNanos()) {
                model.script(ResponsesSse.message("free again"));
                ObjectNode replyArgs =
                        Json.MAPPER.createObjectNode().put("threadId", threadId).put("prompt", "hi");
                reply = quick.readResponse(call(quick, "codex-reply", replyArgs, true, TOKENS.incrementAndGet()));
                if (!McpIt.text(reply).contains("busy")) {
                    break;
                }
                Thread.sleep(250);
            }
            long waited = Duration.ofNanos(System.nanoTime() - parkedAt).toMillis();
            assertThat(McpIt.text(reply)).as(shortWait.transcript()).isEqualTo("free again");
            assertThat(waited).as("aborted after the timeout, not before").isGreaterThanOrEqualTo(1_400);
            assertThat(dir.resolve(".git")).as("the command never ran").doesNotExist();
            assertThat(shortWait.processesOtherThanAWaitingHelper())
                    .as("no process left")
                    .isEmpty();

            JsonNode late = quick.readResponse(retry(
                    quick,
                    arguments,
                    result.path("requestState").asText(),
                    answer(onlyKey(result), "accept", "approved"),
                    TOKENS.incrementAndGet()));
            assertThat(late.path("error").path("code").asInt())
                    .as(late.toString())
                    .isEqualTo(-32602);
            assertThat(dir.resolve(".git")).doesNotExist();
            assertNoServerRequest(quick);
        }
    }
}
