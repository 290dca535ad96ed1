package io.codexquarkus.agent;

import static io.codexquarkus.testing.FakeMcpPool.tool;
import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.functionCallOutput;
import static io.codexquarkus.testing.MockModelServer.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.FakeMcpPool;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.tools.mcp.McpServerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP tools through real turns against the mock model (Responses API) with a fake pool: the offered namespace, the
 * model's namespaced call reaching the pool under the server's own names, {@code mcp_tool_call_begin/end}, the output
 * in the next request, start-up failures reported once, and the pool closed when the session ends.
 */
class McpToolTurnTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    @TempDir
    Path work;

    private AgentHarness harness;
    private final List<Codex> started = new ArrayList<>();

    @BeforeEach
    void wire() {
        harness = new AgentHarness(model, home, work);
    }

    @AfterEach
    void unwire() throws InterruptedException {
        for (Codex codex : started) {
            codex.shutdown(Duration.ofSeconds(5));
        }
        harness.close();
    }

    static FakeMcpPool pool(List<McpServerPool.McpServerFailure> failures) {
        return new FakeMcpPool(
                        List.of(
                                tool(
                                        "docs",
                                        "delete-page",
                                        "Deletes.",
                                        "{\"type\":\"object\"}",
                                        "{\"destructiveHint\":true}"),
                                tool("docs", "get-sum", "Adds.", "{\"type\":\"object\"}", null),
                                tool("docs", "peek", "Reads.", "{\"type\":\"object\"}", "{\"readOnlyHint\":true}")),
                        failures)
                .answer(
                        "docs",
                        "get-sum",
                        args -> new McpServerPool.McpCallResult.Ok(
                                Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\""
                                        + (args.path("a").asInt()
                                                + args.path("b").asInt()) + "\"}]}")))
                .answer(
                        "docs",
                        "delete-page",
                        args -> new McpServerPool.McpCallResult.Ok(
                                Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"deleted\"}]}")))
                .answer(
                        "docs",
                        "peek",
                        args -> new McpServerPool.McpCallResult.Ok(
                                Json.parse("{\"content\":[],\"structuredContent\":{\"pages\":2},\"isError\":true}")));
    }

    Codex start(McpServerPool pool, String approval, String sandbox) throws InterruptedException {
        ConversationManager manager = new ConversationManager(harness.services().withMcpServers(config -> pool));
        Codex codex =
                manager.newConversation(harness.config(work, approval, sandbox)).codex();
        started.add(codex);
        Event first = AgentHarness.nextEvent(codex, List.of());
        assertThat(first.msg()).isInstanceOf(EventMsg.SessionConfigured.class);
        return codex;
    }

    /** A {@code function_call} of a namespace's function, as the Responses API streams it. */
    static String namespacedCall(String callId, String namespace, String name, Map<String, Object> arguments) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "function_call");
        item.put("id", "fc_" + callId);
        item.put("status", "completed");
        item.put("name", name);
        item.put("namespace", namespace);
        item.put("arguments", Json.write(arguments));
        item.put("call_id", callId);
        return Json.write(Map.of("type", "response.output_item.done", "output_index", 0, "item", item));
    }

    @Test
    void theModelCallsAToolAndItsOutputReachesTheNextRequest() throws Exception {
        FakeMcpPool pool = pool(List.of());
        model.script(
                items("resp_1", namespacedCall("call_1", "mcp__docs", "get_sum", Map.of("a", 1, "b", 2))),
                answer("resp_2", "It is 3."));
        Codex codex = start(pool, "never", "read-only");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "add 1 and 2", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).isTrue();
        assertThat(pool.calls()).singleElement().satisfies(call -> {
            assertThat(call.server()).isEqualTo("docs");
            assertThat(call.tool()).isEqualTo("get-sum");
            assertThat(call.arguments()).isEqualTo(Json.parse("{\"a\":1,\"b\":2}"));
        });
        EventMsg.McpToolCallBegin begin =
                turn.all(EventMsg.McpToolCallBegin.class).getFirst();
        EventMsg.McpToolCallEnd end = turn.all(EventMsg.McpToolCallEnd.class).getFirst();
        assertThat(turn.indexOf(EventMsg.McpToolCallBegin.class))
                .isLessThan(turn.indexOf(EventMsg.McpToolCallEnd.class));
        assertThat(Json.tree(begin)).isEqualTo(Json.parse("""
                {"type":"mcp_tool_call_begin","call_id":"call_1",\
                "invocation":{"server":"docs","tool":"get-sum","arguments":{"a":1,"b":2}}}"""));
        JsonNode endJson = Json.tree(end);
        assertThat(endJson.path("result"))
                .isEqualTo(Json.parse("{\"Ok\":{\"content\":[{\"type\":\"text\",\"text\":\"3\"}]}}"));
        assertThat(endJson.path("duration").has("secs")).isTrue();
        assertThat(end.isSuccess()).isTrue();

        List<JsonNode> requests = model.awaitRequests(2, WAIT);
        JsonNode namespace = StreamSupport.stream(
                        requests.getFirst().path("tools").spliterator(), false)
                .filter(t -> "namespace".equals(t.path("type").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(namespace.path("name").asText()).isEqualTo("mcp__docs");
        assertThat(namespace.path("tools").findValuesAsText("name")).containsExactly("delete_page", "get_sum", "peek");
        assertThat(functionCallOutput(requests.get(1), "call_1")).isEqualTo("[{\"type\":\"text\",\"text\":\"3\"}]");
        JsonNode call = StreamSupport.stream(requests.get(1).path("input").spliterator(), false)
                .filter(i -> "function_call".equals(i.path("type").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(call.path("namespace").asText()).isEqualTo("mcp__docs");
        assertThat(call.path("name").asText()).isEqualTo("get_sum");
    }

    @Test
    void structuredContentIsTheOutputAndIsErrorFailsTheCall() throws Exception {
        FakeMcpPool pool = pool(List.of());
        model.script(items("resp_1", namespacedCall("call_1", "mcp__docs", "peek", Map.of())), answer("resp_2", "ok"));
        Codex codex = start(pool, "untrusted", "read-only");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "peek", AgentHarness.NO_APPROVAL);

        assertThat(turn.all(EventMsg.McpToolCallEnd.class).getFirst().isSuccess())
                .isFalse();
        assertThat(functionCallOutput(model.awaitRequests(2, WAIT).get(1), "call_1"))
                .isEqualTo("{\"pages\":2}");
    }

    @Test
    void anUnknownToolIsAnsweredWithoutCallingThePool() throws Exception {
        FakeMcpPool pool = pool(List.of());
        model.script(items("resp_1", namespacedCall("call_1", "mcp__docs", "nope", Map.of())), answer("resp_2", "ok"));
        Codex codex = start(pool, "never", "read-only");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "nope", AgentHarness.NO_APPROVAL);

        assertThat(turn.all(EventMsg.McpToolCallBegin.class)).isEmpty();
        assertThat(pool.calls()).isEmpty();
        assertThat(functionCallOutput(model.awaitRequests(2, WAIT).get(1), "call_1"))
                .isEqualTo("unsupported call: mcp__docs__nope");
    }

    @Test
    void aServerThatFailedIsReportedOnceAndThePoolClosesWithTheSession() throws Exception {
        FakeMcpPool pool = pool(List.of(new McpServerPool.McpServerFailure(
                "broken", "MCP client for `broken` failed to start: exited with status 3")));
        Codex codex = start(pool, "never", "read-only");

        Event report = AgentHarness.nextEvent(codex, List.of());

        assertThat(report.msg())
                .isEqualTo(
                        new EventMsg.BackgroundEvent("MCP client for `broken` failed to start: exited with status 3"));
        assertThat(pool.closedCount()).isZero();
        codex.submit(new Op.Shutdown());
        List<Event> sofar = new ArrayList<>();
        AgentHarness.awaitEvent(codex, EventMsg.ShutdownComplete.class, sofar);
        // closed before shutdown_complete, so a front door that exits right after it leaves no server behind
        assertThat(pool.closedCount()).isPositive();
        codex.shutdown(Duration.ofSeconds(10));
        assertThat(codex.isShutdown()).isTrue();
    }

    @Test
    void aPoolThatCannotStartAtAllIsReportedAndTheSessionGoesOn() throws Exception {
        model.script(answer("resp_1", "still here"));
        ConversationManager manager = new ConversationManager(harness.services().withMcpServers(config -> {
            throw new IllegalStateException("no MCP for you");
        }));
        Codex codex = manager.newConversation(harness.config(work, "never", "read-only"))
                .codex();
        started.add(codex);
        assertThat(AgentHarness.nextEvent(codex, List.of()).msg()).isInstanceOf(EventMsg.SessionConfigured.class);

        assertThat(AgentHarness.nextEvent(codex, List.of()).msg())
                .isEqualTo(new EventMsg.BackgroundEvent("MCP servers failed to start: no MCP for you"));
        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "hi", AgentHarness.NO_APPROVAL);
        assertThat(turn.completed()).isTrue();
    }

    @Test
    void aDestructiveToolIsPutToTheUserAndApprovalForTheSessionIsRemembered() throws Exception {
        FakeMcpPool pool = pool(List.of());
        model.script(
                items("resp_1", namespacedCall("call_1", "mcp__docs", "delete_page", Map.of("id", "p1"))),
                items("resp_2", namespacedCall("call_2", "mcp__docs", "delete_page", Map.of("id", "p2"))),
                answer("resp_3", "deleted both"));
        Codex codex = start(pool, "on-request", "workspace-write");
        List<EventMsg.ExecApprovalRequest> asked = new ArrayList<>();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "delete", request -> {
            asked.add(request);
            return ReviewDecision.APPROVED_FOR_SESSION;
        });

        assertThat(turn.completed()).isTrue();
        assertThat(asked).singleElement().satisfies(request -> {
            assertThat(request.command()).containsExactly("mcp", "docs", "delete-page", "{\"id\":\"p1\"}");
            assertThat(request.reason())
                    .isEqualTo("The docs MCP server wants to run the tool \"delete-page\", which may modify or delete"
                            + " data. Allow this action?");
        });
        assertThat(pool.calls()).hasSize(2);
    }
}
