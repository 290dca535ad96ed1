package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.call;
import static io.codexquarkus.mcp.McpIt.event;
import static io.codexquarkus.mcp.McpIt.success;
import static io.codexquarkus.mcp.McpIt.threadId;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals as MCP elicitations over the packaged server: upstream's {@code git init}
 * test byte for byte, the patch approval, every answer shape (Codex's {@code {decision}} and MCP's {@code {action}}),
 * denial, {@code abort}, and a JSON-RPC error reply. One server process serves the whole class; each test has its own
 * working directory and model script.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpElicitationIT {
    @TempDir
    static Path home;

    @TempDir
    Path work;

    /**
     * The form a 2025-06-18 client gets (this test client's version): the titled choice as enum + enumNames, no
     * defaults and no context fields, which that version's string schema cannot mark as prefilled.
     */
    private static final JsonNode LEGACY_FORM = Json.parse("""
            {"type":"object","properties":{"decision":{"type":"string","title":"Decision",
             "description":"What Codex may do. Submitting without a choice approves once.",
             "enum":["approved","approved_for_session","denied","abort"],
             "enumNames":["Approve once","Approve for this session","Deny","Deny and stop the turn"]}}}""");

    private static MockModelServer model;
    private static McpServerProcess server;
    private static McpTestClient client;
    private static int lastElicitationId = -1;

    @BeforeAll
    static void start() throws Exception {
        model = MockModelServer.start();
        model.writeConfig(home, "untrusted", "read-only", "");
        server = McpServerProcess.start(home, home);
        client = server.client();
        client.initialize(true);
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

    /** The next elicitation/create; server request ids start at 0 and only grow. */
    private static JsonNode nextElicitation() throws InterruptedException {
        JsonNode request = client.readRequest("elicitation/create");
        int id = request.path("id").asInt();
        assertThat(id).as("server request ids increase").isGreaterThan(lastElicitationId);
        lastElicitationId = id;
        return request;
    }

    private static JsonNode decision(String decision) {
        return Json.MAPPER.createObjectNode().put("decision", decision);
    }

    private static JsonNode action(String action) {
        ObjectNode result = Json.MAPPER.createObjectNode().put("action", action);
        result.putObject("content");
        return result;
    }

    private void scriptGitInit(String finalMessage) {
        model.script(
                ResponsesSse.shell("call1234", List.of("git", "init"), work.toString(), 5_000),
                ResponsesSse.message(finalMessage));
    }

    /** The function_call_output the model was sent for {@code call1234} in its second request. */
    private static String outputSeenByModel() throws InterruptedException {
        List<JsonNode> requests = model.awaitRequests(2, Duration.ofSeconds(10));
        assertThat(requests).hasSize(2);
        assertThat(MockModelServer.functionCallOutputs(requests.get(0))).isEmpty();
        List<JsonNode> outputs = MockModelServer.functionCallOutputs(requests.get(1));
        assertThat(outputs).hasSize(1);
        assertThat(outputs.get(0).path("call_id").asText()).isEqualTo("call1234");
        return outputs.get(0).path("output").asText();
    }

    @Test
    @Order(1)
    void shellCommandApprovalTriggersElicitationWithUpstreamsExactParams() throws Exception {
        scriptGitInit("Enjoy your new git repo!");
        int id = call(client, "codex", args("run `git init`", work));
        assertThat(id).isEqualTo(1);

        JsonNode request = nextElicitation();
        assertThat(request.path("id").asInt())
                .as("the first server request has id 0")
                .isZero();
        String threadId = threadId(client, id);
        JsonNode approvalEvent = event(client, id, "exec_approval_request").orElseThrow();
        String eventId = approvalEvent.path("params").path("id").asText();
        assertThat(eventId).isEqualTo("1");
        ObjectNode expected = Json.MAPPER.createObjectNode();
        expected.put(
                "message",
                "Allow Codex to run `git init` in `" + work
                        + "`? Reason: the approval policy asks before commands it does not know to be safe.");
        expected.set("requestedSchema", LEGACY_FORM);
        expected.put("threadId", threadId);
        expected.put("codex_elicitation", "exec-approval");
        expected.put("codex_mcp_tool_call_id", "1");
        expected.put("codex_event_id", eventId);
        expected.put("codex_call_id", "call1234");
        expected.set("codex_command", Json.parse("[\"git\",\"init\"]"));
        expected.put("codex_cwd", work.toString());
        expected.set("codex_parsed_cmd", Json.parse("[{\"type\":\"unknown\",\"cmd\":\"git init\"}]"));
        assertThat(request.path("params")).isEqualTo(expected);
        assertThat(work.resolve(".git")).as("nothing runs before the answer").doesNotExist();

        client.respond(request.get("id"), decision("approved"));
        JsonNode response = client.readResponse(id);
        assertThat(response.path("result")).isEqualTo(success(threadId, "Enjoy your new git repo!"));
        assertThat(work.resolve(".git")).isDirectory();
        assertThat(outputSeenByModel()).contains("Initialized empty Git repository");
        assertThat(McpIt.eventTypes(client, id))
                .containsSubsequence(
                        "session_configured",
                        "task_started",
                        "exec_approval_request",
                        "exec_command_begin",
                        "exec_command_end",
                        "agent_message",
                        "task_complete");
    }

    @Test
    @Order(2)
    void deniedCommandDoesNotRunAndTheModelIsTold() throws Exception {
        scriptGitInit("I was not allowed to run it.");
        int id = call(client, "codex", args("run `git init`", work));
        JsonNode request = nextElicitation();
        client.respond(request.get("id"), decision("denied"));
        JsonNode response = client.readResponse(id);
        assertThat(response.path("result")).isEqualTo(success(threadId(client, id), "I was not allowed to run it."));
        assertThat(work.resolve(".git")).doesNotExist();
        assertThat(outputSeenByModel()).contains("rejected");
        assertThat(event(client, id, "exec_command_begin")).isEmpty();
    }

    @Test
    @Order(3)
    void patchApprovalElicitationCarriesTheChangesAndApprovalAppliesThem() throws Exception {
        Path file = work.resolve("destination_file.txt");
        Files.writeString(file, "original content\n");
        String patch =
                "*** Begin Patch\n*** Update File: " + file + "\n-original content\n+modified content\n*** End Patch";
        model.script(
                ResponsesSse.shell("call1234", List.of("apply_patch", patch), work.toString(), 5_000),
                ResponsesSse.message("Patch has been applied successfully!"));
        int id = call(client, "codex", args("please modify the test file", work));

        JsonNode request = nextElicitation();
        String threadId = threadId(client, id);
        JsonNode approvalEvent =
                event(client, id, "apply_patch_approval_request").orElseThrow();
        ObjectNode expected = Json.MAPPER.createObjectNode();
        expected.put(
                "message",
                "Allow Codex to apply proposed code changes to `" + file
                        + "`? Reason: the approval policy asks before Codex changes files.");
        expected.set("requestedSchema", LEGACY_FORM);
        expected.put("threadId", threadId);
        expected.put("codex_elicitation", "patch-approval");
        expected.put("codex_mcp_tool_call_id", Integer.toString(id));
        expected.put("codex_event_id", approvalEvent.path("params").path("id").asText());
        expected.put("codex_call_id", "call1234");
        expected.putObject("codex_changes")
                .set(
                        file.toString(),
                        Json.parse("{\"update\":{\"unified_diff\":\"@@ -1 +1 @@\\n-original content\\n"
                                + "+modified content\\n\",\"move_path\":null}}"));
        assertThat(request.path("params")).isEqualTo(expected);
        assertThat(Files.readString(file)).isEqualTo("original content\n");

        client.respond(request.get("id"), decision("approved"));
        JsonNode response = client.readResponse(id);
        assertThat(response.path("result")).isEqualTo(success(threadId, "Patch has been applied successfully!"));
        assertThat(Files.readString(file)).isEqualTo("modified content\n");
        assertThat(outputSeenByModel()).contains("destination_file.txt");
    }

    @Test
    @Order(4)
    void mcpActionAcceptRunsTheCommand() throws Exception {
        scriptGitInit("done");
        int id = call(client, "codex", args("run `git init`", work));
        JsonNode request = nextElicitation();
        client.respond(request.get("id"), action("accept"));
        assertThat(McpIt.text(client.readResponse(id))).isEqualTo("done");
        assertThat(work.resolve(".git")).isDirectory();
    }

    @Test
    @Order(5)
    void mcpActionDeclineAndCancelAreDenials() throws Exception {
        for (String answer : List.of("decline", "cancel")) {
            Path dir = Files.createDirectories(work.resolve(answer));
            model.script(
                    ResponsesSse.shell("call1234", List.of("git", "init"), dir.toString(), 5_000),
                    ResponsesSse.message("not run: " + answer));
            int id = call(client, "codex", args("run `git init`", dir));
            JsonNode request = nextElicitation();
            client.respond(request.get("id"), action(answer));
            JsonNode response = client.readResponse(id);
            assertThat(McpIt.text(response)).isEqualTo("not run: " + answer);
            assertThat(response.path("result").has("isError")).isFalse();
            assertThat(dir.resolve(".git")).as(answer).doesNotExist();
            assertThat(outputSeenByModel()).as(answer).contains("rejected");
        }
    }

    @Test
    @Order(6)
    void unreadableAnswerIsADenial() throws Exception {
        scriptGitInit("garbage was a no");
        int id = call(client, "codex", args("run `git init`", work));
        JsonNode request = nextElicitation();
        client.respond(request.get("id"), Json.parse("{\"decision\":\"sure, why not\"}"));
        assertThat(McpIt.text(client.readResponse(id))).isEqualTo("garbage was a no");
        assertThat(work.resolve(".git")).doesNotExist();
    }

    @Test
    @Order(7)
    void approvedForSessionIsNotAskedAgain() throws Exception {
        model.script(
                ResponsesSse.shell("call_a", List.of("touch", "a.txt"), work.toString(), 5_000),
                ResponsesSse.shell("call_b", List.of("touch", "a.txt"), work.toString(), 5_000),
                ResponsesSse.message("touched twice"));
        int id = call(client, "codex", args("touch it twice", work));
        JsonNode request = nextElicitation();
        client.respond(request.get("id"), decision("approved_for_session"));
        assertThat(McpIt.text(client.readResponse(id))).isEqualTo("touched twice");
        assertThat(work.resolve("a.txt")).exists();
        assertThat(client.seen().stream()
                        .filter(m ->
                                "elicitation/create".equals(m.path("method").asText()))
                        .filter(m -> m.path("params").path("threadId").asText().equals(threadId(client, id))))
                .as("one question for two identical commands")
                .hasSize(1);
        assertThat(McpIt.eventTypes(client, id).stream().filter("exec_command_end"::equals))
                .hasSize(2);
    }

    @Test
    @Order(8)
    void abortEndsTheTurnAndTheCallIsStillAnsweredWithIsError() throws Exception {
        scriptGitInit("never sent");
        int id = call(client, "codex", args("run `git init`", work));
        JsonNode request = nextElicitation();
        client.respond(request.get("id"), decision("abort"));
        JsonNode response = client.readResponse(id);
        assertThat(response.path("result").path("isError").asBoolean())
                .as(response.toString())
                .isTrue();
        assertThat(response.path("result")
                        .path("structuredContent")
                        .path("threadId")
                        .asText())
                .isEqualTo(threadId(client, id));
        JsonNode aborted = event(client, id, "turn_aborted").orElseThrow();
        assertThat(aborted.path("params").path("msg").path("reason").asText()).isEqualTo("interrupted");
        assertThat(work.resolve(".git")).doesNotExist();
        assertThat(model.requests())
                .as("the model is not sampled after an abort")
                .hasSize(1);

        // the aborted thread takes the next turn
        String threadId = threadId(client, id);
        model.script(ResponsesSse.message("ready again"));
        int reply = call(
                client,
                "codex-reply",
                Json.MAPPER.createObjectNode().put("threadId", threadId).put("prompt", "next"));
        assertThat(client.readResponse(reply).path("result")).isEqualTo(success(threadId, "ready again"));
    }

    @Test
    @Order(10)
    void stringRequestIdsAreEchoedAndNamedInTheElicitation() throws Exception {
        scriptGitInit("string ids work");
        ObjectNode params = Json.MAPPER.createObjectNode().put("name", "codex");
        params.set("arguments", args("run `git init`", work));
        ObjectNode message =
                Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", "req-7");
        message.put("method", "tools/call").set("params", params);
        client.sendLine(Json.write(message));
        JsonNode request = nextElicitation();
        assertThat(request.path("params").path("codex_mcp_tool_call_id").asText())
                .isEqualTo("req-7");
        client.respond(request.get("id"), decision("approved"));
        JsonNode response = client.readUntil(
                m -> !m.has("method") && "req-7".equals(m.path("id").asText()), McpTestClient.TIMEOUT);
        assertThat(response.path("id").isTextual()).isTrue();
        assertThat(McpIt.text(response)).isEqualTo("string ids work");
        assertThat(work.resolve(".git")).isDirectory();
        assertThat(client.seen().stream()
                        .filter(m -> "codex/event".equals(m.path("method").asText()))
                        .filter(m -> "req-7"
                                .equals(m.path("params")
                                        .path("_meta")
                                        .path("requestId")
                                        .asText())))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(
                                m.path("params").path("_meta").path("requestId").isTextual())
                        .isTrue());
    }

    @Test
    @Order(9)
    void jsonRpcErrorReplyToTheElicitationIsADenial() throws Exception {
        scriptGitInit("the client could not ask");
        int id = call(client, "codex", args("run `git init`", work));
        JsonNode request = nextElicitation();
        client.respondError(request.get("id"), -32603, "no UI available");
        JsonNode response = client.readResponse(id);
        assertThat(McpIt.text(response)).isEqualTo("the client could not ask");
        assertThat(work.resolve(".git")).doesNotExist();
        assertThat(outputSeenByModel()).contains("rejected").contains("no UI available");
    }

    @Test
    @Order(100)
    void stdoutHeldOnlyJsonRpcAndTheServerExitsZero() throws Exception {
        McpIt.assertNoNonJsonLines(client);
        assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(5))).isZero();
    }
}
