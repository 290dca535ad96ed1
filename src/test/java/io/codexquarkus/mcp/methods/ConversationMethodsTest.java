package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.ScriptedModelClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversation API over an in-process server with a scripted model and a tool double. */
class ConversationMethodsTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private final ScriptedModelClient model = new ScriptedModelClient();
    private final TestTools tools = new TestTools();
    private MethodsHarness mcp;
    private McpTestClient client;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(
                home.resolve("config.toml"),
                "model = \"mock-model\"\napproval_policy = \"untrusted\"\n",
                StandardCharsets.UTF_8);
        mcp = new MethodsHarness(home, work, model, tools, List.of(), Map.of("SHELL", "/bin/bash"));
        client = mcp.client;
        client.initialize(true);
    }

    @AfterEach
    void stop() throws InterruptedException {
        mcp.close();
    }

    private String newConversation() throws InterruptedException {
        return mcp.call("newConversation", "{\"cwd\":" + Json.write(work.toString()) + "}")
                .path("conversationId")
                .asText();
    }

    private String listen(String conversationId) throws InterruptedException {
        return mcp.call("addConversationListener", "{\"conversationId\":\"" + conversationId + "\"}")
                .path("subscriptionId")
                .asText();
    }

    private void send(String conversationId, String text) throws InterruptedException {
        JsonNode result = mcp.call(
                "sendUserMessage",
                "{\"conversationId\":\"" + conversationId + "\",\"items\":[{\"type\":\"text\",\"data\":{\"text\":"
                        + Json.write(text) + "}}]}");
        assertThat(result).isEqualTo(Json.parse("{}"));
    }

    private JsonNode eventNotification(String type) throws InterruptedException {
        return client.readNotification("codex/event/" + type);
    }

    @Test
    void newConversationAnswersWithIdModelAndRolloutPath() throws Exception {
        JsonNode result = mcp.call("newConversation", null);
        assertThat(result.properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("conversationId", "model", "rolloutPath");
        String id = result.path("conversationId").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(result.path("model").asText()).isEqualTo("mock-model");
        Path rollout = Path.of(result.path("rolloutPath").asText());
        assertThat(rollout).exists().startsWith(home.resolve("sessions"));
        assertThat(rollout.getFileName().toString()).endsWith(id + ".jsonl");

        JsonNode o3 = mcp.call("newConversation", "{\"model\":\"o3\",\"approvalPolicy\":\"never\"}");
        assertThat(o3.path("model").asText()).isEqualTo("o3");
        assertThat(o3.path("conversationId").asText()).isNotEqualTo(id);
    }

    @Test
    void newConversationReportsBadParamsAndConfigErrors() throws Exception {
        JsonNode profile = mcp.error("newConversation", "{\"profile\":\"ghost\"}");
        assertThat(profile.path("code").asInt()).isEqualTo(-32600);
        assertThat(profile.path("message").asText())
                .isEqualTo("error deriving config: config profile `ghost` not found");

        JsonNode cwd = mcp.error("newConversation", "{\"cwd\":\"/definitely/not/here\"}");
        assertThat(cwd.path("code").asInt()).isEqualTo(-32600);
        assertThat(cwd.path("message").asText())
                .isEqualTo("error deriving config: working directory does not exist: /definitely/not/here");

        JsonNode policy = mcp.error("newConversation", "{\"approvalPolicy\":\"sometimes\"}");
        assertThat(policy.path("code").asInt()).isEqualTo(-32602);
        assertThat(policy.path("message").asText())
                .isEqualTo("newConversation: `approvalPolicy` unknown variant `sometimes`, expected one of"
                        + " `untrusted`, `on-failure`, `on-request`, `never`");

        JsonNode type = mcp.error("newConversation", "{\"model\":5}");
        assertThat(type.path("code").asInt()).isEqualTo(-32602);
        assertThat(type.path("message").asText()).isEqualTo("newConversation: `model` must be a string");

        JsonNode notAnObject = mcp.error("newConversation", "[1,2]");
        assertThat(notAnObject.path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void listenerReceivesEveryEventWithTheConversationId() throws Exception {
        model.then(TestTools.answer("Hello there")).then(TestTools.answer("Hello again"));
        String id = newConversation();
        String subscription = listen(id);
        assertThat(UUID.fromString(subscription).toString()).isEqualTo(subscription);

        send(id, "Hello");
        JsonNode started = eventNotification("task_started");
        assertThat(started.path("params").path("conversationId").asText()).isEqualTo(id);
        assertThat(started.path("params").path("msg").path("type").asText()).isEqualTo("task_started");
        assertThat(started.path("params").has("_meta")).isFalse();
        JsonNode message = eventNotification("agent_message");
        assertThat(message.path("params").path("msg").path("message").asText()).isEqualTo("Hello there");
        JsonNode complete = eventNotification("task_complete");
        assertThat(complete.path("params").path("conversationId").asText()).isEqualTo(id);
        assertThat(complete.path("params").path("id").asText())
                .isEqualTo(started.path("params").path("id").asText());
        assertThat(complete.path("params")
                        .path("msg")
                        .path("last_agent_message")
                        .asText())
                .isEqualTo("Hello there");

        send(id, "Hello again");
        assertThat(eventNotification("task_complete")
                        .path("params")
                        .path("msg")
                        .path("last_agent_message")
                        .asText())
                .isEqualTo("Hello again");
        assertThat(model.requests).hasSize(2);

        assertThat(mcp.call("removeConversationListener", "{\"subscriptionId\":\"" + subscription + "\"}"))
                .isEqualTo(Json.parse("{}"));
        JsonNode again = mcp.error("removeConversationListener", "{\"subscriptionId\":\"" + subscription + "\"}");
        assertThat(again.path("code").asInt()).isEqualTo(-32600);
        assertThat(again.path("message").asText()).isEqualTo("subscription not found: " + subscription);
        assertThat(client.seen()).noneMatch(m -> m.path("method").asText().equals("codex/event/session_configured"));
    }

    @Test
    void eventsBeforeTheFirstListenerAreNotLost() throws Exception {
        model.then(TestTools.answer("early answer"));
        String id = newConversation();
        send(id, "Hi");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (model.requests.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        listen(id);
        JsonNode complete = eventNotification("task_complete");
        assertThat(complete.path("params")
                        .path("msg")
                        .path("last_agent_message")
                        .asText())
                .isEqualTo("early answer");
    }

    @Test
    void unknownAndMalformedConversationIds() throws Exception {
        String unknown = UUID.randomUUID().toString();
        for (String method : List.of("sendUserMessage", "addConversationListener", "interruptConversation")) {
            JsonNode error = mcp.error(
                    method,
                    "{\"conversationId\":\"" + unknown
                            + "\",\"items\":[{\"type\":\"text\",\"data\":{\"text\":\"x\"}}]}");
            assertThat(error.path("code").asInt()).as(method).isEqualTo(-32600);
            assertThat(error.path("message").asText()).as(method).isEqualTo("conversation not found: " + unknown);
        }
        JsonNode notUuid = mcp.error("sendUserMessage", "{\"conversationId\":\"abc\",\"items\":[]}");
        assertThat(notUuid.path("code").asInt()).isEqualTo(-32602);
        assertThat(notUuid.path("message").asText())
                .isEqualTo("sendUserMessage: `conversationId` must be a UUID, got `abc`");
        JsonNode missing = mcp.error("sendUserMessage", null);
        assertThat(missing.path("code").asInt()).isEqualTo(-32602);
        assertThat(missing.path("message").asText()).isEqualTo("sendUserMessage: missing field `conversationId`");

        String id = newConversation();
        JsonNode badItem = mcp.error(
                "sendUserMessage", "{\"conversationId\":\"" + id + "\",\"items\":[{\"type\":\"audio\",\"data\":{}}]}");
        assertThat(badItem.path("code").asInt()).isEqualTo(-32602);
        assertThat(badItem.path("message").asText())
                .isEqualTo("sendUserMessage: `items[0]` has unknown type `audio`, expected one of `text`, `image`,"
                        + " `localImage`");
        JsonNode noItems = mcp.error("sendUserMessage", "{\"conversationId\":\"" + id + "\"}");
        assertThat(noItems.path("message").asText()).isEqualTo("sendUserMessage: missing field `items`");
        JsonNode badSubscription = mcp.error("removeConversationListener", "{\"subscriptionId\":42}");
        assertThat(badSubscription.path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void execApprovalIsASnakeCaseRequestAndItsDecisionReachesTheTool() throws Exception {
        model.then(TestTools.call("shell", "call-1", "{\"command\":[\"touch\",\"created.txt\"]}"))
                .then(TestTools.answer("done 1"))
                .then(TestTools.call("shell", "call-2", "{\"command\":[\"rm\",\"-rf\",\"x\"]}"))
                .then(TestTools.answer("done 2"));
        String id = newConversation();
        listen(id);
        send(id, "run it");
        JsonNode event = eventNotification("exec_approval_request");
        assertThat(event.path("params").path("msg").path("call_id").asText()).isEqualTo("call-1");
        JsonNode request = client.readRequest("execCommandApproval");
        assertThat(request.path("id").isInt()).isTrue();
        assertThat(request.path("params"))
                .isEqualTo(Json.parse("{\"conversation_id\":\"" + id + "\",\"call_id\":\"call-1\","
                        + "\"command\":[\"touch\",\"created.txt\"],\"cwd\":" + Json.write(work.toString())
                        + ",\"reason\":\"the test wants to run it\"}"));
        client.respond(request.get("id"), Json.parse("{\"decision\":\"approved\"}"));
        eventNotification("task_complete");
        assertThat(tools.decisions).containsExactly("call-1=approved");

        send(id, "and this");
        JsonNode second = client.readRequest("execCommandApproval");
        assertThat(second.path("id").asInt()).isGreaterThan(request.path("id").asInt());
        client.respond(second.get("id"), Json.parse("{\"decision\":\"maybe later\"}"));
        eventNotification("task_complete");
        assertThat(tools.decisions).containsExactly("call-1=approved", "call-2=denied");
    }

    @Test
    void unansweredOrFailedApprovalRequestsCountAsDenied() throws Exception {
        Files.writeString(
                home.resolve("config.toml"),
                "\n[mcp_server]\nelicitation_timeout_ms = 300\n",
                StandardOpenOption.APPEND);
        model.then(TestTools.call("shell", "call-1", "{\"command\":[\"touch\",\"a\"]}"))
                .then(TestTools.answer("done 1"))
                .then(TestTools.call("shell", "call-2", "{\"command\":[\"touch\",\"b\"]}"))
                .then(TestTools.answer("done 2"));
        String id = newConversation();
        listen(id);
        send(id, "first");
        client.readRequest("execCommandApproval");
        eventNotification("task_complete");
        assertThat(tools.decisions).containsExactly("call-1=denied");

        send(id, "second");
        JsonNode request = client.readRequest("execCommandApproval");
        client.respondError(request.get("id"), -32000, "the user closed the dialog");
        eventNotification("task_complete");
        assertThat(tools.decisions).containsExactly("call-1=denied", "call-2=denied");
    }

    @Test
    void threadsOfTheCodexToolAreLeftToTheTool() throws Exception {
        model.then(TestTools.answer("tool answer"));
        int call = client.request(
                "tools/call",
                Json.parse("{\"name\":\"codex\",\"arguments\":{\"prompt\":\"hi\",\"cwd\":" + Json.write(work.toString())
                        + "}}"));
        String threadId = client.readResponse(call)
                .path("result")
                .path("structuredContent")
                .path("threadId")
                .asText();
        JsonNode error = mcp.error(
                "sendUserMessage",
                "{\"conversationId\":\"" + threadId + "\",\"items\":[{\"type\":\"text\",\"data\":{\"text\":\"x\"}}]}");
        assertThat(error.path("code").asInt()).isEqualTo(-32600);
        assertThat(error.path("message").asText())
                .isEqualTo("conversation " + threadId
                        + " belongs to a codex tool call; continue it with the codex-reply tool");
    }

    @Test
    void sendUserTurnChangesThePolicyForTheNextTurn() throws Exception {
        model.then(TestTools.call("shell", "call-1", "{\"command\":[\"python3\",\"-c\",\"print(42)\"]}"))
                .then(TestTools.answer("done 1"))
                .then(TestTools.call("shell", "call-2", "{\"command\":[\"python3\",\"-c\",\"print(42)\"]}"))
                .then(TestTools.answer("done 2"));
        String id = newConversation();
        listen(id);
        send(id, "run python");
        JsonNode request = client.readRequest("execCommandApproval");
        client.respond(request.get("id"), Json.parse("{\"decision\":\"approved\"}"));
        eventNotification("task_complete");

        JsonNode bad = mcp.error(
                "sendUserTurn",
                "{\"conversationId\":\"" + id + "\",\"items\":[],\"sandboxPolicy\":{\"mode\":\"everything\"}}");
        assertThat(bad.path("code").asInt()).isEqualTo(-32602);
        assertThat(bad.path("message").asText()).startsWith("sendUserTurn: `sandboxPolicy` unknown sandbox mode");

        int seenBefore = client.seen().size();
        JsonNode turn = mcp.call(
                "sendUserTurn",
                "{\"conversationId\":\"" + id + "\",\"items\":[{\"type\":\"text\",\"data\":{\"text\":\"again\"}}],"
                        + "\"cwd\":" + Json.write(work.toString()) + ",\"approvalPolicy\":\"never\","
                        + "\"sandboxPolicy\":{\"mode\":\"read-only\"},\"model\":\"mock-model\",\"effort\":\"medium\","
                        + "\"summary\":\"auto\",\"enableWebSearch\":false}");
        assertThat(turn).isEqualTo(Json.parse("{}"));
        JsonNode complete = eventNotification("task_complete");
        assertThat(complete.path("params")
                        .path("msg")
                        .path("last_agent_message")
                        .asText())
                .isEqualTo("done 2");
        assertThat(client.seen().subList(seenBefore, client.seen().size()))
                .noneMatch(m -> m.path("method").asText().equals("execCommandApproval"));
        assertThat(tools.decisions).containsExactly("call-1=approved", "call-2=not-asked");
    }

    @Test
    void patchApprovalCarriesFileChangesAndGrantRoot() throws Exception {
        model.then(TestTools.call("patch", "call-p", "{}")).then(TestTools.answer("patched it"));
        String id = newConversation();
        listen(id);
        send(id, "edit the file");
        JsonNode request = client.readRequest("applyPatchApproval");
        String file = work.resolve("file.txt").toString();
        assertThat(request.path("params"))
                .isEqualTo(Json.parse("{\"conversation_id\":\"" + id + "\",\"call_id\":\"call-p\",\"file_changes\":{"
                        + Json.write(file) + ":{\"update\":{\"unified_diff\":\"@@ -1 +1 @@\\n-old\\n+new\\n\","
                        + "\"move_path\":null}}},\"grant_root\":\"/granted/root\"}"));
        client.respond(request.get("id"), Json.parse("{\"decision\":\"approved_for_session\"}"));
        eventNotification("task_complete");
        assertThat(tools.decisions).containsExactly("call-p=approved_for_session");
    }

    @Test
    void interruptIsAnsweredAfterTurnAborted() throws Exception {
        model.then(TestTools.call("wait", "call-w", "{}"));
        String id = newConversation();
        listen(id);
        send(id, "run first sleep command");
        assertThat(tools.waiting.await(10, TimeUnit.SECONDS)).isTrue();
        int first = client.request("interruptConversation", Json.parse("{\"conversationId\":\"" + id + "\"}"));
        int second = client.request("interruptConversation", Json.parse("{\"conversationId\":\"" + id + "\"}"));
        // both pending interrupts are answered, in either order
        JsonNode one = client.readUntil(m -> isResponseTo(m, first) || isResponseTo(m, second), McpTestClient.TIMEOUT);
        int other = isResponseTo(one, first) ? second : first;
        JsonNode two = client.readUntil(m -> isResponseTo(m, other), McpTestClient.TIMEOUT);
        assertThat(one.path("result")).isEqualTo(Json.parse("{\"abortReason\":\"interrupted\"}"));
        assertThat(two.path("result")).isEqualTo(Json.parse("{\"abortReason\":\"interrupted\"}"));

        List<JsonNode> seen = client.seen();
        int aborted = indexOf(seen, m -> m.path("method").asText().equals("codex/event/turn_aborted"));
        int answered = indexOf(seen, m -> m.path("id").asInt(-1) == first && m.has("result"));
        assertThat(aborted).isNotNegative().isLessThan(answered);
        assertThat(seen.get(aborted).path("params").path("msg").path("reason").asText())
                .isEqualTo("interrupted");
        assertThat(model.requests).hasSize(1);
    }

    private static boolean isResponseTo(JsonNode message, int id) {
        return !message.has("method") && message.path("id").asInt(-1) == id;
    }

    @Test
    void interruptWithNothingRunningIsStillAnswered() throws Exception {
        String id = newConversation();
        long start = System.nanoTime();
        JsonNode result = mcp.call("interruptConversation", "{\"conversationId\":\"" + id + "\"}");
        assertThat(result).isEqualTo(Json.parse("{\"abortReason\":\"interrupted\"}"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void resumeSendsSessionConfiguredBeforeItsAnswer() throws Exception {
        String conversationId = "0199a000-0000-7000-8000-0000000000a1";
        Path rollout = RolloutFiles.current(
                home, "2025-01-02T03-04-05", conversationId, "2025-01-02T03:04:05.000Z", "Hello A");
        model.then(TestTools.answer("resumed answer"));
        int id = client.request(
                "resumeConversation",
                Json.parse("{\"path\":" + Json.write(rollout.toString()) + ",\"overrides\":{\"model\":\"o3\",\"cwd\":"
                        + Json.write(work.toString()) + "}}"));
        JsonNode response = client.readResponse(id);
        List<JsonNode> seen = client.seen();
        int configured = indexOf(seen, m -> m.path("method").asText().equals("codex/event"));
        int answered = indexOf(seen, m -> m.path("id").asInt(-1) == id && m.has("result"));
        assertThat(configured).isNotNegative().isLessThan(answered);
        JsonNode event = seen.get(configured).path("params");
        assertThat(event.has("_meta")).isFalse();
        assertThat(event.path("id").asText()).isEmpty();
        assertThat(event.path("msg").path("type").asText()).isEqualTo("session_configured");
        assertThat(event.path("msg").path("session_id").asText()).isEqualTo(conversationId);

        JsonNode result = response.path("result");
        assertThat(result.path("conversationId").asText()).isEqualTo(conversationId);
        assertThat(result.path("model").asText()).isEqualTo("o3");
        assertThat(result.path("initialMessages"))
                .isEqualTo(Json.parse("[{\"type\":\"user_message\",\"message\":\"Hello A\",\"kind\":\"plain\"},"
                        + "{\"type\":\"agent_message\",\"message\":\"Hi A\"}]"));

        listen(conversationId);
        send(conversationId, "continue");
        assertThat(eventNotification("task_complete")
                        .path("params")
                        .path("msg")
                        .path("last_agent_message")
                        .asText())
                .isEqualTo("resumed answer");
        assertThat(client.seen())
                .filteredOn(m -> m.path("method").asText().startsWith("codex/event/session_configured"))
                .isEmpty();

        JsonNode missing = mcp.error("resumeConversation", "{\"path\":\"/no/such/rollout.jsonl\"}");
        assertThat(missing.path("code").asInt()).isEqualTo(-32603);
        assertThat(missing.path("message").asText()).startsWith("error resuming conversation: ");
        JsonNode noPath = mcp.error("resumeConversation", "{}");
        assertThat(noPath.path("code").asInt()).isEqualTo(-32602);
        JsonNode running = mcp.error("resumeConversation", "{\"path\":" + Json.write(rollout.toString()) + "}");
        assertThat(running.path("message").asText())
                .isEqualTo("error resuming conversation: conversation " + conversationId + " is already running");
    }

    @Test
    void archiveChecksThePathShutsDownAndMoves() throws Exception {
        JsonNode created = mcp.call("newConversation", "{\"cwd\":" + Json.write(work.toString()) + "}");
        String id = created.path("conversationId").asText();
        Path rollout = Path.of(created.path("rolloutPath").asText());

        String other = UUID.randomUUID().toString();
        JsonNode mismatch = mcp.error(
                "archiveConversation",
                "{\"conversationId\":\"" + other + "\",\"rolloutPath\":" + Json.write(rollout.toString()) + "}");
        assertThat(mismatch.path("code").asInt()).isEqualTo(-32600);
        assertThat(mismatch.path("message").asText())
                .isEqualTo("rollout path `" + rollout + "` does not match conversation id " + other);

        Path outside = work.resolve(rollout.getFileName().toString());
        Files.copy(rollout, outside);
        JsonNode escape = mcp.error(
                "archiveConversation",
                "{\"conversationId\":\"" + id + "\",\"rolloutPath\":" + Json.write(outside.toString()) + "}");
        assertThat(escape.path("code").asInt()).isEqualTo(-32600);
        assertThat(escape.path("message").asText())
                .isEqualTo("rollout path `" + outside + "` must be in sessions directory");
        Path sneaky = home.resolve("sessions")
                .resolve("..")
                .resolve("..")
                .resolve(work.getFileName())
                .resolve(rollout.getFileName().toString());
        JsonNode dotdot = mcp.error(
                "archiveConversation",
                "{\"conversationId\":\"" + id + "\",\"rolloutPath\":" + Json.write(sneaky.toString()) + "}");
        assertThat(dotdot.path("message").asText()).endsWith("must be in sessions directory");

        assertThat(mcp.call(
                        "archiveConversation",
                        "{\"conversationId\":\"" + id + "\",\"rolloutPath\":" + Json.write(rollout.toString()) + "}"))
                .isEqualTo(Json.parse("{}"));
        assertThat(rollout).doesNotExist();
        assertThat(home.resolve("archived_sessions").resolve(rollout.getFileName()))
                .exists();
        JsonNode gone = mcp.error(
                "sendUserMessage",
                "{\"conversationId\":\"" + id + "\",\"items\":[{\"type\":\"text\",\"data\":{\"text\":\"x\"}}]}");
        assertThat(gone.path("message").asText()).isEqualTo("conversation not found: " + id);
    }

    private static int indexOf(List<JsonNode> messages, java.util.function.Predicate<JsonNode> match) {
        for (int i = 0; i < messages.size(); i++) {
            if (match.test(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
