package io.codexquarkus.mcp;

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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tasks extension of MCP 2026-07-28 over the packaged server, with raw JSON-RPC lines: a {@code codex} call whose
 * request declares {@code io.modelcontextprotocol/tasks} is answered at once with a task; {@code tasks/get} shows it
 * working and then completed with exactly the CallToolResult a call without a task answers; an approval is an {@code
 * input_required} task answered by {@code tasks/update} (the command runs, or does not); {@code tasks/cancel} kills a
 * running command; unknown ids are -32602; without the extension, or with {@code mcp_server.tasks=never}, the call is
 * answered in its own response. The server never writes a JSON-RPC request.
 */
class McpTasksIT {
    private static final String TASKS = "io.modelcontextprotocol/tasks";

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

    /** The per-request {@code _meta} of 2026-07-28, declaring elicitation and (when {@code tasks}) the extension. */
    private static ObjectNode meta(boolean tasks) {
        ObjectNode meta = Json.MAPPER.createObjectNode().put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientInfo")
                .put("name", "tasks-it")
                .put("version", "0");
        ObjectNode capabilities = meta.putObject("io.modelcontextprotocol/clientCapabilities");
        capabilities.putObject("elicitation").putObject("form");
        if (tasks) {
            capabilities.putObject("extensions").putObject(TASKS);
        }
        return meta;
    }

    private static int request(McpTestClient client, String method, ObjectNode params, boolean tasks) {
        params.set("_meta", meta(tasks));
        return client.request(method, params);
    }

    private static int call(McpTestClient client, String tool, ObjectNode arguments, boolean tasks) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        return request(client, "tools/call", params, tasks);
    }

    private static JsonNode tasks(McpTestClient client, String method, String taskId) throws InterruptedException {
        return tasks(client, method, Json.MAPPER.createObjectNode().put("taskId", taskId));
    }

    private static JsonNode tasks(McpTestClient client, String method, ObjectNode params) throws InterruptedException {
        return client.readResponse(request(client, method, params, true));
    }

    /** Polls {@code tasks/get} (bounded) until the task matches; returns that {@code tasks/get} result. */
    private static JsonNode awaitTask(McpTestClient client, String taskId, Predicate<JsonNode> until, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonNode response = tasks(client, "tasks/get", taskId);
            last = response.path("result");
            assertThat(last.path("resultType").asText()).as(response.toString()).isEqualTo("complete");
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task " + taskId + " never matched; last: " + last + "\n" + client.dump());
    }

    private static Predicate<JsonNode> status(String status) {
        return task -> status.equals(task.path("status").asText());
    }

    /** The {@code CreateTaskResult} of a call: checked, and its task id returned. */
    private static String created(JsonNode response) {
        JsonNode result = response.path("result");
        assertThat(result.path("resultType").asText()).as(response.toString()).isEqualTo("task");
        assertThat(result.path("taskId").asText()).matches("[0-9a-f]{32}");
        assertThat(result.path("status").asText()).isEqualTo("working");
        assertThat(result.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(result.path("lastUpdatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(result.path("ttlMs").asLong()).isEqualTo(86_400_000L);
        assertThat(result.path("pollIntervalMs").asLong()).isPositive();
        assertThat(result.path("_meta")
                        .path("io.modelcontextprotocol/serverInfo")
                        .path("name")
                        .asText())
                .isNotEmpty();
        assertThat(result.has("content")).isFalse();
        return result.path("taskId").asText();
    }

    private static void assertNoRequestWritten(McpTestClient client) {
        McpIt.assertNoNonJsonLines(client);
        assertThat(client.seen())
                .as("a 2026-07-28 server never writes a JSON-RPC request")
                .noneMatch(m -> m.has("method") && m.has("id"));
        assertThat(client.seen())
                .as("no progress or messages for tasks")
                .noneMatch(m -> "notifications/progress".equals(m.path("method").asText()));
    }

    private Path scriptSleep(String name) {
        Path pidFile = work.resolve(name + ".pid");
        model.script(ResponsesSse.shell(
                "call_" + name,
                List.of("bash", "-c", "echo $$ > '" + pidFile + "'; exec sleep 30"),
                work.toString(),
                60_000));
        return pidFile;
    }

    @Test
    void aTaskWorksThenCompletesWithExactlyTheSynchronousResult() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            Path marker = work.resolve("marker");
            model.script(
                    ResponsesSse.shell(
                            "call_wait",
                            List.of("bash", "-c", "sleep 1.5; touch '" + marker + "'"),
                            work.toString(),
                            30_000),
                    ResponsesSse.message("all done"));
            ObjectNode arguments = McpIt.args("wait a little", work);
            JsonNode response = client.readResponse(call(client, "codex", arguments, true));
            String taskId = created(response);
            String threadId =
                    response.path("result").path("_meta").path("threadId").asText();
            assertThat(threadId).isNotEmpty();

            JsonNode working = tasks(client, "tasks/get", taskId).path("result");
            assertThat(working.path("status").asText()).as(working.toString()).isEqualTo("working");
            assertThat(working.path("taskId").asText()).isEqualTo(taskId);
            assertThat(working.path("statusMessage").asText()).isNotBlank();
            assertThat(marker).as("the command has not finished yet").doesNotExist();
            JsonNode running = awaitTask(
                    client,
                    taskId,
                    task -> task.path("statusMessage").asText().startsWith("running `bash -c"),
                    Duration.ofSeconds(15));
            assertThat(running.path("status").asText()).isEqualTo("working");

            JsonNode done = awaitTask(client, taskId, status("completed"), Duration.ofSeconds(20));
            assertThat(marker).exists();
            assertThat(done.path("result")).isEqualTo(McpIt.success(threadId, "all done"));
            assertThat(done.has("error")).isFalse();
            assertThat(done.has("inputRequests")).isFalse();

            // the same call without the extension: its own response carries the same shape
            model.script(ResponsesSse.message("all done"));
            JsonNode sync = client.readResponse(call(client, "codex-reply", reply(threadId, "again"), false));
            assertThat(sync.path("result").path("resultType").asText()).isEqualTo("complete");
            ObjectNode syncResult = sync.path("result").deepCopy();
            syncResult.remove(List.of("resultType", "_meta"));
            assertThat(syncResult).isEqualTo(done.path("result"));

            // a finished task stays readable
            assertThat(tasks(client, "tasks/get", taskId)
                            .path("result")
                            .path("status")
                            .asText())
                    .isEqualTo("completed");
            assertNoRequestWritten(client);
        }
    }

    @Test
    void approvalsAreInputRequiredUntilTasksUpdateAnswersThem() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            Path approved = Files.createDirectories(work.resolve("approved"));
            model.script(
                    ResponsesSse.shell("call_git", List.of("git", "init"), approved.toString(), 10_000),
                    ResponsesSse.message("initialized"));
            String taskId = created(client.readResponse(call(client, "codex", gitInit(approved), true)));
            JsonNode waiting = awaitTask(client, taskId, status("input_required"), Duration.ofSeconds(15));
            assertThat(waiting.path("statusMessage").asText()).startsWith("waiting for approval to run `git init`");
            JsonNode requests = waiting.path("inputRequests");
            assertThat(requests.size()).as(waiting.toString()).isEqualTo(1);
            String key = requests.fieldNames().next();
            JsonNode elicitation = requests.path(key);
            assertThat(elicitation.path("method").asText()).isEqualTo("elicitation/create");
            assertThat(elicitation.path("params").path("mode").asText()).isEqualTo("form");
            assertThat(elicitation.path("params").path("message").asText()).contains("git init");
            assertThat(approved.resolve(".git"))
                    .as("nothing runs before the answer")
                    .doesNotExist();

            JsonNode ack = tasks(client, "tasks/update", update(taskId, key, "approved"));
            assertThat(ack.path("result").path("resultType").asText())
                    .as(ack.toString())
                    .isEqualTo("complete");
            JsonNode done = awaitTask(client, taskId, status("completed"), Duration.ofSeconds(20));
            String threadId = done.path("_meta").path("threadId").asText();
            assertThat(done.path("result")).isEqualTo(McpIt.success(threadId, "initialized"));
            assertThat(approved.resolve(".git")).isDirectory();

            Path denied = Files.createDirectories(work.resolve("denied"));
            model.script(
                    ResponsesSse.shell("call_git2", List.of("git", "init"), denied.toString(), 10_000),
                    ResponsesSse.message("I was not allowed"));
            String second = created(client.readResponse(call(client, "codex", gitInit(denied), true)));
            assertThat(second).isNotEqualTo(taskId);
            JsonNode asked = awaitTask(client, second, status("input_required"), Duration.ofSeconds(15));
            String deniedKey = asked.path("inputRequests").fieldNames().next();
            ObjectNode decline = Json.MAPPER.createObjectNode().put("taskId", second);
            decline.putObject("inputResponses").putObject(deniedKey).put("action", "decline");
            tasks(client, "tasks/update", decline);
            JsonNode refused = awaitTask(client, second, status("completed"), Duration.ofSeconds(20));
            assertThat(refused.path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText())
                    .isEqualTo("I was not allowed");
            assertThat(denied.resolve(".git")).doesNotExist();
            assertNoRequestWritten(client);
        }
    }

    @Test
    void tasksCancelKillsTheRunningCommandAndTheThreadTakesTheNextCall() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            Path pidFile = scriptSleep("sleep");
            JsonNode response = client.readResponse(call(client, "codex", McpIt.args("sleep", work), true));
            String taskId = created(response);
            String threadId =
                    response.path("result").path("_meta").path("threadId").asText();
            long pid = McpIt.awaitPid(pidFile, Duration.ofSeconds(15));
            assertThat(McpIt.dead(pid)).isFalse();

            JsonNode busy = client.readResponse(call(client, "codex-reply", reply(threadId, "done?"), true));
            assertThat(busy.path("result").path("resultType").asText())
                    .as("a busy thread is answered at once, not as a task")
                    .isEqualTo("complete");
            assertThat(busy.path("result").path("isError").asBoolean()).isTrue();
            assertThat(busy.path("result").path("content").path(0).path("text").asText())
                    .contains("busy");

            JsonNode ack = tasks(client, "tasks/cancel", taskId);
            assertThat(ack.path("result").path("resultType").asText())
                    .as(ack.toString())
                    .isEqualTo("complete");
            McpIt.awaitDeath(pid, Duration.ofSeconds(2));
            JsonNode cancelled = awaitTask(client, taskId, status("cancelled"), Duration.ofSeconds(10));
            assertThat(cancelled.has("result")).isFalse();
            assertThat(cancelled.has("error")).isFalse();
            // a cancel of a task that ended is acknowledged and changes nothing
            assertThat(tasks(client, "tasks/cancel", taskId).has("result")).isTrue();
            assertThat(tasks(client, "tasks/get", taskId)
                            .path("result")
                            .path("status")
                            .asText())
                    .isEqualTo("cancelled");

            model.script(ResponsesSse.message("back after the cancel"));
            String next =
                    created(client.readResponse(call(client, "codex-reply", reply(threadId, "still there?"), true)));
            JsonNode done = awaitTask(client, next, status("completed"), Duration.ofSeconds(20));
            assertThat(done.path("result")).isEqualTo(McpIt.success(threadId, "back after the cancel"));
            assertNoRequestWritten(client);
        }
    }

    @Test
    void endOfInputKillsTheCommandOfARunningTask() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            Path pidFile = scriptSleep("eof");
            created(client.readResponse(call(client, "codex", McpIt.args("sleep", work), true)));
            long pid = McpIt.awaitPid(pidFile, Duration.ofSeconds(15));
            assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(5)))
                    .as(server.transcript())
                    .isZero();
            McpIt.awaitDeath(pid, Duration.ofMillis(500));
        }
    }

    @Test
    void badTaskRequestsAreJsonRpcErrorsAndBadArgumentsAnImmediateResult() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            JsonNode unknown = tasks(client, "tasks/get", "0123456789abcdef0123456789abcdef");
            assertThat(unknown.path("error").path("code").asInt())
                    .as(unknown.toString())
                    .isEqualTo(-32602);
            for (String method : List.of("tasks/update", "tasks/cancel")) {
                ObjectNode params = update("0123456789abcdef0123456789abcdef", "k", "approved");
                JsonNode error = tasks(client, method, params);
                assertThat(error.path("error").path("code").asInt())
                        .as(error.toString())
                        .isEqualTo(-32602);
            }
            JsonNode noId = tasks(client, "tasks/get", Json.MAPPER.createObjectNode());
            assertThat(noId.path("error").path("code").asInt()).isEqualTo(-32602);

            ObjectNode params = Json.MAPPER.createObjectNode().put("taskId", "0123456789abcdef0123456789abcdef");
            JsonNode undeclared = client.readResponse(request(client, "tasks/get", params, false));
            assertThat(undeclared.path("error").path("code").asInt())
                    .as(undeclared.toString())
                    .isEqualTo(-32021);
            assertThat(undeclared
                            .path("error")
                            .path("data")
                            .path("requiredCapabilities")
                            .path("extensions")
                            .has(TASKS))
                    .isTrue();

            JsonNode discover =
                    client.readResponse(request(client, "server/discover", Json.MAPPER.createObjectNode(), true));
            assertThat(discover.path("result")
                            .path("capabilities")
                            .path("extensions")
                            .has(TASKS))
                    .isTrue();

            JsonNode missing = client.readResponse(call(client, "codex", Json.MAPPER.createObjectNode(), true));
            assertThat(missing.path("result").path("resultType").asText())
                    .as("argument errors come back at once, as without a task")
                    .isEqualTo("complete");
            assertThat(missing.path("result").path("isError").asBoolean()).isTrue();
            assertNoRequestWritten(client);
        }
    }

    @Test
    void withoutTheExtensionOrWithTasksNeverTheCallIsAnsweredInItsResponse() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home)) {
            McpTestClient client = server.client();
            model.script(ResponsesSse.message("plain answer"));
            JsonNode response = client.readResponse(call(client, "codex", McpIt.args("hello", work), false));
            assertThat(response.path("result").path("resultType").asText())
                    .as(response.toString())
                    .isEqualTo("complete");
            String threadId = response.path("result")
                    .path("structuredContent")
                    .path("threadId")
                    .asText();
            assertThat(response.path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText())
                    .isEqualTo("plain answer");
            assertThat(threadId).isNotEmpty();

            // one codex call can turn tasks off in its config map
            model.script(ResponsesSse.message("not a task"));
            ObjectNode arguments = McpIt.args("hello", work);
            arguments.putObject("config").put("mcp_server.tasks", "never");
            JsonNode own = client.readResponse(call(client, "codex", arguments, true));
            assertThat(own.path("result").path("resultType").asText())
                    .as(own.toString())
                    .isEqualTo("complete");
            assertThat(own.path("result").path("content").path(0).path("text").asText())
                    .isEqualTo("not a task");
            assertNoRequestWritten(client);
        }
        try (McpServerProcess server = McpServerProcess.start(home, home, "-c", "mcp_server.tasks=never")) {
            McpTestClient client = server.client();
            model.script(ResponsesSse.message("no tasks here"));
            JsonNode response = client.readResponse(call(client, "codex", McpIt.args("hello", work), true));
            assertThat(response.path("result").path("resultType").asText())
                    .as(response.toString())
                    .isEqualTo("complete");
            assertThat(response.path("result")
                            .path("content")
                            .path(0)
                            .path("text")
                            .asText())
                    .isEqualTo("no tasks here");
            JsonNode discover =
                    client.readResponse(request(client, "server/discover", Json.MAPPER.createObjectNode(), true));
            assertThat(discover.path("result")
                            .path("capabilities")
                            .path("extensions")
                            .has(TASKS))
                    .isFalse();
            JsonNode get = tasks(client, "tasks/get", "0123456789abcdef0123456789abcdef");
            assertThat(get.path("error").path("code").asInt())
                    .as(get.toString())
                    .isEqualTo(-32601);
            assertNoRequestWritten(client);
        }
    }

    private static ObjectNode gitInit(Path dir) {
        return McpIt.args("run `git init`", dir).put("approval-policy", "untrusted");
    }

    private static ObjectNode update(String taskId, String key, String decision) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("taskId", taskId);
        ObjectNode answer = params.putObject("inputResponses").putObject(key).put("action", "accept");
        answer.putObject("content").put("decision", decision);
        return params;
    }

    private static ObjectNode reply(String threadId, String prompt) {
        return Json.MAPPER.createObjectNode().put("threadId", threadId).put("prompt", prompt);
    }
}
