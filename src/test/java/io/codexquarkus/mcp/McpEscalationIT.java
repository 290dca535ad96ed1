package io.codexquarkus.mcp;

import static io.codexquarkus.mcp.McpIt.args;
import static io.codexquarkus.mcp.McpIt.call;
import static io.codexquarkus.mcp.McpIt.threadId;
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
 * Escalation over the packaged server with the defaults ({@code on-request}, {@code read-only}): the model asks to run
 * {@code touch} outside the sandbox with a justification; the client is asked once — as an {@code elicitation/create}
 * from the {@code codex} tool, as an {@code execCommandApproval} request in the conversation API — and its answer
 * decides whether the file appears. Under {@code never} the same call is refused before anything runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpEscalationIT {
    private static final String CALL = "call_escalate";
    private static final String WHY = "Do you want me to create the marker file the task asks for?";
    private static final String REFUSED_UNDER_NEVER = "approval policy is Never; reject command — you should not ask"
            + " for escalated permissions if the approval policy is Never";

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
        model.writeConfig(home, "on-request", "read-only", "");
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

    private void scriptEscalatedTouch(Path file, String finalMessage) {
        ObjectNode arguments = Json.MAPPER.createObjectNode();
        arguments.set("command", Json.tree(List.of("touch", file.toString())));
        arguments.put("workdir", work.toString());
        arguments.put("sandbox_permissions", "require_escalated");
        arguments.put("justification", WHY);
        model.script(
                ResponsesSse.functionCall(CALL, "shell", Json.write(arguments)), ResponsesSse.message(finalMessage));
    }

    /** What the model's second request told it about the escalated call. */
    private static String outputSeenByModel() throws InterruptedException {
        List<JsonNode> requests = model.awaitRequests(2, Duration.ofSeconds(10));
        assertThat(requests).hasSize(2);
        List<JsonNode> outputs = MockModelServer.functionCallOutputs(requests.get(1));
        assertThat(outputs).hasSize(1);
        assertThat(outputs.getFirst().path("call_id").asText()).isEqualTo(CALL);
        return outputs.getFirst().path("output").asText();
    }

    private static long count(String method, String key, String value) {
        return client.seen().stream()
                .filter(m -> method.equals(m.path("method").asText()))
                .filter(m -> value.equals(m.path("params").path(key).asText()))
                .count();
    }

    private static JsonNode shellToolOfFirstRequest() {
        for (JsonNode tool : model.requests().getFirst().path("tools")) {
            if ("shell".equals(tool.path("name").asText())) {
                return tool;
            }
        }
        throw new AssertionError("no shell tool offered");
    }

    @Test
    @Order(1)
    void elicitationApprovedRunsTheCommandOutsideTheSandbox() throws Exception {
        Path file = work.resolve("approved.txt");
        scriptEscalatedTouch(file, "Created it.");
        int id = call(client, "codex", args("create the marker file", work));

        JsonNode request = client.readRequest("elicitation/create");
        String threadId = threadId(client, id);
        assertThat(request.path("params").path("codex_elicitation").asText()).isEqualTo("exec-approval");
        assertThat(request.path("params").path("codex_call_id").asText()).isEqualTo(CALL);
        assertThat(request.path("params").path("codex_command"))
                .isEqualTo(Json.tree(List.of("touch", file.toString())));
        JsonNode approval = McpIt.event(client, id, "exec_approval_request").orElseThrow();
        assertThat(approval.path("params").path("msg").path("reason").asText()).isEqualTo(WHY);
        assertThat(file).as("nothing runs before the answer").doesNotExist();

        client.respond(request.get("id"), Json.parse("{\"decision\":\"approved\"}"));
        assertThat(McpIt.text(client.readResponse(id))).isEqualTo("Created it.");
        assertThat(file).exists();
        assertThat(count("elicitation/create", "threadId", threadId)).isEqualTo(1);
        assertThat(outputSeenByModel()).doesNotContain("rejected");
        assertThat(shellToolOfFirstRequest()
                        .path("parameters")
                        .path("properties")
                        .has("sandbox_permissions"))
                .isTrue();
    }

    @Test
    @Order(2)
    void elicitationDeniedLeavesNoFileAndTheModelIsTold() throws Exception {
        Path file = work.resolve("denied.txt");
        scriptEscalatedTouch(file, "Understood, not created.");
        int id = call(client, "codex", args("create the marker file", work));

        JsonNode request = client.readRequest("elicitation/create");
        client.respond(request.get("id"), Json.parse("{\"decision\":\"denied\"}"));
        assertThat(McpIt.text(client.readResponse(id))).isEqualTo("Understood, not created.");
        assertThat(file).doesNotExist();
        assertThat(count("elicitation/create", "threadId", threadId(client, id)))
                .isEqualTo(1);
        assertThat(outputSeenByModel()).isEqualTo("exec command rejected by user");
        assertThat(McpIt.event(client, id, "exec_command_begin")).isEmpty();
    }

    @Test
    @Order(3)
    void underNeverTheEscalationIsRefusedWithoutAsking() throws Exception {
        Path file = work.resolve("never.txt");
        scriptEscalatedTouch(file, "I may not escalate.");
        ObjectNode arguments = args("create the marker file", work).put("approval-policy", "never");
        int id = call(client, "codex", arguments);

        assertThat(McpIt.text(client.readResponse(id))).isEqualTo("I may not escalate.");
        assertThat(file).doesNotExist();
        assertThat(outputSeenByModel()).isEqualTo(REFUSED_UNDER_NEVER);
        assertThat(count("elicitation/create", "threadId", threadId(client, id)))
                .isZero();
        JsonNode properties = shellToolOfFirstRequest().path("parameters").path("properties");
        assertThat(properties.has("sandbox_permissions") || properties.has("justification"))
                .as("never does not offer escalation")
                .isFalse();
    }

    private static String newConversation(Path cwd) throws InterruptedException {
        int id = client.request(
                "newConversation",
                Json.parse("{\"cwd\":" + Json.write(cwd.toString())
                        + ",\"approvalPolicy\":\"on-request\",\"sandbox\":\"read-only\"}"));
        String conversationId =
                client.readResponse(id).path("result").path("conversationId").asText();
        int listen = client.request(
                "addConversationListener", Json.parse("{\"conversationId\":\"" + conversationId + "\"}"));
        assertThat(client.readResponse(listen).has("result")).isTrue();
        return conversationId;
    }

    private static void send(String conversationId, String text) throws InterruptedException {
        int id = client.request(
                "sendUserMessage",
                Json.parse("{\"conversationId\":\"" + conversationId
                        + "\",\"items\":[{\"type\":\"text\",\"data\":{\"text\":" + Json.write(text) + "}}]}"));
        assertThat(client.readResponse(id).path("result")).isEqualTo(Json.parse("{}"));
    }

    private static JsonNode taskComplete(String conversationId) throws InterruptedException {
        return client.readUntil(
                m -> "codex/event/task_complete".equals(m.path("method").asText())
                        && conversationId.equals(
                                m.path("params").path("conversationId").asText()),
                McpTestClient.TIMEOUT);
    }

    @Test
    @Order(4)
    void execCommandApprovalApprovedRunsTheCommand() throws Exception {
        Path file = work.resolve("approved-v1.txt");
        scriptEscalatedTouch(file, "Created it.");
        String conversationId = newConversation(work);
        send(conversationId, "create the marker file");

        JsonNode request = client.readRequest("execCommandApproval");
        assertThat(request.path("params"))
                .isEqualTo(Json.parse("{\"conversation_id\":\"" + conversationId + "\",\"call_id\":\"" + CALL
                        + "\",\"command\":" + Json.write(List.of("touch", file.toString())) + ",\"cwd\":"
                        + Json.write(work.toString()) + ",\"reason\":" + Json.write(WHY) + "}"));
        assertThat(file).doesNotExist();
        client.respond(request.get("id"), Json.parse("{\"decision\":\"approved\"}"));
        taskComplete(conversationId);
        assertThat(file).exists();
        assertThat(count("execCommandApproval", "conversation_id", conversationId))
                .isEqualTo(1);
        assertThat(outputSeenByModel()).doesNotContain("rejected");
    }

    @Test
    @Order(5)
    void execCommandApprovalDeniedLeavesNoFileAndTheModelIsTold() throws Exception {
        Path file = work.resolve("denied-v1.txt");
        scriptEscalatedTouch(file, "Understood, not created.");
        String conversationId = newConversation(work);
        send(conversationId, "create the marker file");

        JsonNode request = client.readRequest("execCommandApproval");
        client.respond(request.get("id"), Json.parse("{\"decision\":\"denied\"}"));
        JsonNode complete = taskComplete(conversationId);
        assertThat(complete.path("params")
                        .path("msg")
                        .path("last_agent_message")
                        .asText())
                .isEqualTo("Understood, not created.");
        assertThat(file).doesNotExist();
        assertThat(count("execCommandApproval", "conversation_id", conversationId))
                .isEqualTo(1);
        assertThat(outputSeenByModel()).isEqualTo("exec command rejected by user");
    }

    @Test
    @Order(100)
    void stdoutHeldOnlyJsonRpcAndTheServerExitsZero() throws Exception {
        McpIt.assertNoNonJsonLines(client);
        assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(5))).isZero();
    }
}
