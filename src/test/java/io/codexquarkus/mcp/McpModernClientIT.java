package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.ModernSdkServer;
import io.codexquarkus.testing.ResponsesSse;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CallToolResult;
import io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.modern.McpSchema.ElicitResult;
import io.modelcontextprotocol.modern.McpSchema.ProgressParams;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * The packaged server driven by a third-party 2026-07-28 client, the MCP Java SDK's modern client (mcp-core 2.2.0):
 * {@code server/discover}, {@code tools/list}, a {@code codex} call with progress, a cancelled call that is never
 * answered while the server keeps serving, and approvals as {@code input_required} rounds the SDK answers through its
 * form elicitation handler (approved: the command ran; denied: it did not). One server process serves the class; the
 * SDK's wire is recorded both ways, so every test can also check what travelled, and the last one checks that the
 * server never wrote a JSON-RPC request in the modern era.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpModernClientIT {
    static final String MODERN = "2026-07-28";
    static final String ANSWER = "Hello from the modern mock model";

    @TempDir
    static Path home;

    @TempDir
    Path work;

    private static MockModelServer model;
    private static ModernSdkServer server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        model = MockModelServer.start();
        model.server().always(new MockModel.Markers(ANSWER));
        model.writeConfig(home, "untrusted", "read-only", "");
        server = ModernSdkServer.start(home, "-c", "mcp_server.progress_heartbeat_ms=200");
        client = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private static String text(CallToolResult result) {
        assertThat(result.content()).as(String.valueOf(result)).isNotEmpty();
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        assertThat(result.structuredContent()).as(String.valueOf(result)).isInstanceOf(Map.class);
        return (Map<String, Object>) result.structuredContent();
    }

    @Test
    @Order(1)
    void discoverNamesTheModernRevisionAndTheServer() {
        McpSchema.DiscoverResult discover = client.discover();
        assertThat(discover.supportedVersions()).as(server.transcript()).contains(MODERN);
        assertThat(discover.capabilities().tools()).isNotNull();
        assertThat(discover.ttlMs()).isNotNull().isNotNegative();
        assertThat(discover.cacheScope()).isNotNull();
        assertThat(discover.meta()).containsKey("io.modelcontextprotocol/serverInfo");
        assertThat(discover.meta().get("io.modelcontextprotocol/serverInfo").toString())
                .contains("codex-quarkus");
        JsonNode wire = lastResult("server/discover");
        assertThat(wire.path("resultType").asText()).isEqualTo("complete");
        assertThat(wire.path("_meta")
                        .path("io.modelcontextprotocol/serverInfo")
                        .path("name")
                        .asText())
                .isEqualTo("codex-quarkus");
        assertThat(wire.path("_meta")
                        .path("io.modelcontextprotocol/serverInfo")
                        .path("version")
                        .asText())
                .isNotBlank();
    }

    @Test
    @Order(2)
    void toolsListHasCodexAndCodexReplyWithCachingHints() {
        McpSchema.ListToolsResult tools = client.listTools().skipCache().list();
        assertThat(tools.tools().stream().map(McpSchema.Tool::name)).containsExactly("codex", "codex-reply");
        assertThat(tools.tools().get(0).inputSchema().toString()).contains("prompt");
        assertThat(tools.ttlMs()).isNotNull().isNotNegative();
        assertThat(tools.cacheScope()).isNotNull();
        JsonNode wire = lastResult("tools/list");
        assertThat(wire.path("resultType").asText()).isEqualTo("complete");
        assertThat(wire.has("ttlMs") && wire.has("cacheScope"))
                .as(wire.toString())
                .isTrue();
    }

    @Test
    @Order(3)
    void codexCallIsAnsweredWithTheModelsTextAndReportsProgress() {
        model.server().always(new MockModel.Markers(ANSWER));
        List<ProgressParams> progress = new CopyOnWriteArrayList<>();
        CallToolResult result = client.tool("codex")
                .arguments(Map.of("prompt", "Say hello [mock: hold 1000 ms]", "cwd", work.toString()))
                .progress(progress::add)
                .call();
        assertThat(text(result)).as(server.transcript()).isEqualTo(ANSWER);
        assertThat(result.isError()).isNotEqualTo(true);
        assertThat(structured(result)).containsEntry("content", ANSWER).containsKey("threadId");
        assertThat(model.requests()).hasSize(1);

        assertThat(progress)
                .as("progress while the model was silent 1 s (heartbeat 200 ms)")
                .isNotEmpty();
        List<Double> values = progress.stream().map(ProgressParams::progress).toList();
        assertThat(values).as("progress strictly increases").isSorted().doesNotHaveDuplicates();
        JsonNode call = server.lastClientRequest("tools/call");
        JsonNode token = call.path("params").path("_meta").path("progressToken");
        assertThat(token.isMissingNode()).as("the SDK sent a progress token").isFalse();
        assertThat(server.serverMessages().stream()
                        .filter(m ->
                                "notifications/progress".equals(m.path("method").asText()))
                        .map(m -> m.path("params").path("progressToken")))
                .as("every progress notification carries the call's token")
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.asText()).isEqualTo(token.asText()));
    }

    @Test
    @Order(4)
    void cancelledCallIsNeverAnsweredAndTheServerKeepsServing() throws Exception {
        model.server().always(new MockModel.Markers(ANSWER));
        AtomicReference<Object> outcome = new AtomicReference<>();
        Disposable call = server.asyncClient()
                .tool("codex")
                .arguments(Map.of("prompt", "Think long [mock: hold 20000 ms]", "cwd", work.toString()))
                .call()
                .subscribe(outcome::set, outcome::set);
        model.awaitRequests(1, Duration.ofSeconds(30));
        JsonNode request = server.lastClientRequest("tools/call");
        assertThat(request.path("params").path("arguments").path("prompt").asText())
                .contains("Think long");
        JsonNode id = request.get("id");
        String threadId = server.threadOf(id);
        // the turn is quiet now (the model holds; only keep-alive progress flows): its events so far are all it gets
        assertThat(client.listTools().skipCache().list().tools()).hasSize(2);
        Thread.sleep(300);
        long eventsBeforeCancel = server.eventsAndResponsesFor(id);
        call.dispose();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.clientMessages().stream().noneMatch(m -> isCancelOf(m, id)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.clientMessages())
                .as("the SDK sent notifications/cancelled for request " + id)
                .anyMatch(m -> isCancelOf(m, id));
        // a request read after the cancel is answered: by then the server has the cancel
        assertThat(client.listTools().skipCache().list().tools()).hasSize(2);
        Thread.sleep(300);
        long seenForCancelled = server.messagesFor(id);

        // the cancel reached the turn: its thread takes the next turn at once, although the model still holds the
        // cancelled one for 20 s (a thread whose turn runs answers codex-reply "busy")
        // scripted, not by markers: the next turn's request carries the held prompt (and its hold marker) as history
        model.script(ResponsesSse.message("still here"));
        CallToolResult after = codexReplyWhenIdle(threadId, System.nanoTime() + TimeUnit.SECONDS.toNanos(15));
        assertThat(after.isError()).as(String.valueOf(after)).isNotEqualTo(true);
        assertThat(text(after)).isEqualTo("still here");
        Thread.sleep(300);
        assertThat(server.messagesFor(id))
                .as("2026-07-28 on stdio: nothing more for a cancelled request (no response, no progress, no"
                        + " codex/event)\n" + server.transcript())
                .isEqualTo(seenForCancelled);
        assertThat(server.eventsAndResponsesFor(id))
                .as("no codex/event (not even turn_aborted) and no response after the cancel\n" + server.transcript())
                .isEqualTo(eventsBeforeCancel);
        assertThat(server.serverMessages())
                .as("a cancelled modern request gets no response at all\n" + server.transcript())
                .noneMatch(m -> !m.has("method") && id.equals(m.get("id")));
        assertThat(outcome.get()).as("the disposed call delivered nothing").isNull();
    }

    /** codex-reply on {@code threadId}, asked again while the thread is still busy with its last call. */
    private static CallToolResult codexReplyWhenIdle(String threadId, long deadline) throws InterruptedException {
        while (true) {
            CallToolResult result = client.tool("codex-reply")
                    .arguments(Map.of("threadId", threadId, "prompt", "Are you there?"))
                    .call();
            boolean busy = Boolean.TRUE.equals(result.isError()) && text(result).contains("is busy");
            if (!busy || System.nanoTime() > deadline) {
                return result;
            }
            Thread.sleep(100);
        }
    }

    private static boolean isCancelOf(JsonNode message, JsonNode id) {
        return "notifications/cancelled".equals(message.path("method").asText())
                && id.equals(message.path("params").get("requestId"));
    }

    @Test
    @Order(5)
    void approvedCommandRunsAfterOneInputRequiredRound() throws Exception {
        List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
        CallToolResult result = approvalCall(work, asked, ElicitResult.accept(Map.of("decision", "approved")));
        assertThat(asked).as(server.transcript()).hasSize(1);
        ElicitFormRequest form = asked.get(0);
        assertThat(form.message()).contains("git init");
        assertThat(form.requestedSchema().toString()).contains("decision");
        assertThat(work.resolve(".git")).as(server.transcript()).isDirectory();
        assertThat(result.isError()).isNotEqualTo(true);
        assertThat(text(result)).startsWith("tool outputs:").contains("Initialized empty Git repository");
        assertOneInputRequiredRound();
    }

    @Test
    @Order(6)
    void deniedCommandDoesNotRunAndTheModelIsTold() throws Exception {
        List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
        CallToolResult result = approvalCall(work, asked, ElicitResult.accept(Map.of("decision", "denied")));
        assertThat(asked).as(server.transcript()).hasSize(1);
        assertThat(work.resolve(".git"))
                .as("a denied git init leaves no repository")
                .doesNotExist();
        assertThat(result.isError()).isNotEqualTo(true);
        assertThat(text(result)).startsWith("tool outputs:").contains("rejected");
        assertOneInputRequiredRound();
    }

    @Test
    @Order(7)
    void mcpDeclineIsADenial() throws Exception {
        List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
        CallToolResult result = approvalCall(work, asked, ElicitResult.decline());
        assertThat(asked).hasSize(1);
        assertThat(work.resolve(".git")).doesNotExist();
        assertThat(text(result)).contains("rejected");
    }

    @Test
    @Order(8)
    void mcpCancelAbortsTheTurn() throws Exception {
        List<ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
        CallToolResult result = approvalCall(work, asked, ElicitResult.cancel());
        assertThat(asked).hasSize(1);
        assertThat(work.resolve(".git")).doesNotExist();
        assertThat(result.isError())
                .as("cancel is abort: the turn ends with an isError result")
                .isEqualTo(true);
        assertThat(model.requests())
                .as("the model is not sampled after an abort")
                .hasSize(1);
    }

    /** A codex call whose model runs {@code git init} once in {@code dir}, each question answered with {@code answer}. */
    private static CallToolResult approvalCall(Path dir, List<ElicitFormRequest> asked, ElicitResult answer)
            throws Exception {
        Files.createDirectories(dir);
        model.server().always(new MockModel.Markers(ANSWER));
        return client.tool("codex")
                .arguments(Map.of("prompt", "Make a repository. [mock: shell 1 git init]", "cwd", dir.toString()))
                .formElicitation(request -> {
                    asked.add(request);
                    return answer;
                })
                .call();
    }

    /** The last tools/call took two requests: the first answered input_required, the retry echoed requestState. */
    private static void assertOneInputRequiredRound() {
        List<JsonNode> calls = server.clientMessages().stream()
                .filter(m -> "tools/call".equals(m.path("method").asText()))
                .toList();
        assertThat(calls.size()).isGreaterThanOrEqualTo(2);
        JsonNode first = calls.get(calls.size() - 2);
        JsonNode retry = calls.get(calls.size() - 1);
        assertThat(retry.get("id")).as("the retry is a new request").isNotEqualTo(first.get("id"));
        assertThat(retry.path("params").path("arguments"))
                .isEqualTo(first.path("params").path("arguments"));
        JsonNode firstAnswer = server.response(first.get("id"));
        assertThat(firstAnswer.path("result").path("resultType").asText())
                .as(firstAnswer.toString())
                .isEqualTo("input_required");
        JsonNode inputRequests = firstAnswer.path("result").path("inputRequests");
        assertThat(inputRequests.size()).isEqualTo(1);
        String key = inputRequests.fieldNames().next();
        assertThat(inputRequests.path(key).path("method").asText()).isEqualTo("elicitation/create");
        assertThat(retry.path("params").path("inputResponses").has(key))
                .as(retry.toString())
                .isTrue();
        if (firstAnswer.path("result").has("requestState")) {
            assertThat(retry.path("params").path("requestState"))
                    .isEqualTo(firstAnswer.path("result").path("requestState"));
        }
        assertThat(server.response(retry.get("id"))
                        .path("result")
                        .path("resultType")
                        .asText())
                .isEqualTo("complete");
    }

    private static JsonNode lastResult(String method) {
        return server.response(server.lastClientRequest(method).get("id")).path("result");
    }

    /** A progress notification relates to a request in flight: none comes after the response to its request. */
    private static void assertProgressOnlyWhileInFlight() {
        Map<String, JsonNode> requestOfToken = new HashMap<>();
        for (JsonNode m : server.clientMessages()) {
            JsonNode token = m.path("params").path("_meta").get("progressToken");
            if (m.has("id") && token != null) {
                requestOfToken.put(token.asText(), m.get("id"));
            }
        }
        Set<JsonNode> answered = new HashSet<>();
        for (JsonNode m : server.serverMessages()) {
            if (!m.has("method") && m.has("id")) {
                answered.add(m.get("id"));
            } else if ("notifications/progress".equals(m.path("method").asText())) {
                JsonNode request = requestOfToken.get(
                        m.path("params").path("progressToken").asText());
                assertThat(request)
                        .as("progress for a token no request carried: " + m)
                        .isNotNull();
                assertThat(answered)
                        .as("progress after the response to its request: " + m)
                        .doesNotContain(request);
            }
        }
    }

    @Test
    @Order(100)
    void everyRequestCarriedTheModernMetaAndTheServerNeverSentARequest() throws Exception {
        assertThat(server.clientMessages())
                .filteredOn(m -> m.has("method") && m.has("id"))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.path("params")
                                .path("_meta")
                                .path("io.modelcontextprotocol/protocolVersion")
                                .asText())
                        .isEqualTo(MODERN));
        assertThat(server.serverMessages()).as(server.transcript()).allSatisfy(m -> {
            assertThat(m.has("__not_json__")).as(m.toString()).isFalse();
            assertThat(m.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(m.has("method") && m.has("id"))
                    .as("the modern server wrote a request: " + m)
                    .isFalse();
            if (m.has("result")) {
                assertThat(m.path("result").path("resultType").asText())
                        .as(m.toString())
                        .isIn("complete", "input_required");
                assertThat(m.path("result")
                                .path("_meta")
                                .path("io.modelcontextprotocol/serverInfo")
                                .path("name")
                                .asText())
                        .as(m.toString())
                        .isEqualTo("codex-quarkus");
            }
        });
        assertThat(server.serverMessages())
                .noneMatch(m -> "elicitation/create".equals(m.path("method").asText()));
        assertProgressOnlyWhileInFlight();
        server.close();
        assertThat(server.process().isAlive()).isFalse();
        assertThat(server.process().exitValue())
                .as("stdin closed: the server exits 0\n" + server.stderr())
                .isZero();
    }
}
