package io.codexquarkus.mcp.codextool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.McpServerSettings;
import io.codexquarkus.config.McpTasksMode;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.RequestContext;
import io.codexquarkus.mcp.server.TestRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The 2026-07-28 door on a real connection's requests: the {@code input_required} answer, the retry that resumes the
 * turn, open questions asked again, single use, the timeout, and the retries that cannot resume anything.
 */
class InputRequiredDoorTest {
    private static final String THREAD = "0199aaaa-bbbb-7ccc-8ddd-eeeeffff0000";
    private static final McpServerSettings SETTINGS =
            new McpServerSettings(600_000, false, true, 0, 0, 1 << 20, McpTasksMode.AUTO, 600_000, true);

    private final TestRequests requests = new TestRequests();
    private final ParkedTurns parked =
            new ParkedTurns(new RequestStateCodec(RequestStateCodec.randomKey(), Clock.systemUTC()));
    private final List<Op> ops = new CopyOnWriteArrayList<>();
    private final AtomicInteger aborts = new AtomicInteger();
    private final CountDownLatch aborted = new CountDownLatch(1);

    private static ObjectNode params(String tool, int progressToken) {
        ObjectNode params = Json.MAPPER.createObjectNode().put("name", tool);
        params.putObject("arguments").put("prompt", "run `git init`").put("cwd", "/work");
        ObjectNode meta = params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
        meta.putObject("io.modelcontextprotocol/clientCapabilities")
                .putObject("elicitation")
                .putObject("form");
        meta.put("progressToken", progressToken);
        return params;
    }

    private static ObjectNode retry(int progressToken, String state, JsonNode responses) {
        ObjectNode params = params("codex", progressToken);
        params.put("requestState", state);
        if (responses != null) {
            params.set("inputResponses", responses);
        }
        return params;
    }

    private ApprovalQuestion question(String eventId, String callId) {
        var exec = new EventMsg.ExecApprovalRequest(callId, List.of("git", "init"), "/work", null);
        return new ApprovalQuestion.Exec(THREAD, ops::add, new Event(eventId, exec), exec);
    }

    private RequestCall start(RequestContext first, Duration timeout) {
        InputRequiredDoor door = new InputRequiredDoor(
                parked,
                timeout,
                () -> {},
                () -> {
                    aborts.incrementAndGet();
                    aborted.countDown();
                },
                THREAD,
                RequestStateCodec.digest("codex", first.params().get("arguments")));
        RequestCall call = new RequestCall(first, THREAD, SETTINGS, new TurnActivity(), door);
        door.bind(call, "1");
        call.start(() -> {});
        return call;
    }

    private static JsonNode accept(String decision) {
        ObjectNode response = Json.MAPPER.createObjectNode().put("action", "accept");
        response.putObject("content").put("decision", decision);
        return response;
    }

    private static JsonNode answers(String key, JsonNode response) {
        ObjectNode answers = Json.MAPPER.createObjectNode();
        answers.set(key, response);
        return answers;
    }

    private static McpException refused(Runnable retry) {
        try {
            retry.run();
        } catch (McpException e) {
            assertThat(e.error().code()).isEqualTo(JsonRpcError.INVALID_PARAMS);
            return e;
        }
        throw new AssertionError("the retry was taken");
    }

    @Test
    void anApprovalAnswersTheCallInputRequiredAndTheRetryResumesTheTurn() throws Exception {
        RequestContext first = requests.modern(1, "tools/call", params("codex", 1));
        RequestCall call = start(first, Duration.ofMinutes(1));
        call.ask(question("3", "call-9"));

        JsonNode result = requests.client.readResponse(1).path("result");
        assertThat(result.path("resultType").asText()).isEqualTo("input_required");
        assertThat(result.path("_meta").has("io.modelcontextprotocol/serverInfo"))
                .isTrue();
        JsonNode request = result.path("inputRequests").path("codex_approval_3_call-9");
        assertThat(request.path("method").asText()).isEqualTo("elicitation/create");
        assertThat(request.path("params").path("mode").asText()).isEqualTo("form");
        assertThat(request.path("params").path("codex_call_id").asText()).isEqualTo("call-9");
        assertThat(request.path("params").path("codex_mcp_tool_call_id").asText())
                .isEqualTo("1");
        assertThat(request.path("params")
                        .path("requestedSchema")
                        .path("properties")
                        .path("decision")
                        .path("oneOf"))
                .hasSize(4);
        String state = result.path("requestState").asText();
        assertThat(state).startsWith("v1.");
        assertThat(parked.size()).isEqualTo(1);
        assertThat(ops).isEmpty();

        RequestContext second = requests.modern(
                2, "tools/call", retry(2, state, answers("codex_approval_3_call-9", accept("approved_for_session"))));
        parked.resume(second);
        assertThat(ops).containsExactly(new Op.ExecApproval("3", ReviewDecision.APPROVED_FOR_SESSION, null));
        assertThat(call.request()).isSameAs(second);
        assertThat(parked.size()).isZero();
        JsonNode progress = requests.client.readNotification("notifications/progress");
        assertThat(progress.path("params").path("progressToken").asInt()).isEqualTo(2);

        call.finish(ToolResults.success(THREAD, "done"));
        JsonNode answer = requests.client.readResponse(2).path("result");
        assertThat(answer.path("resultType").asText()).isEqualTo("complete");
        assertThat(answer.path("structuredContent").path("content").asText()).isEqualTo("done");
        // the same state again: its turn no longer waits
        RequestContext replay = requests.modern(
                3, "tools/call", retry(3, state, answers("codex_approval_3_call-9", accept("approved"))));
        assertThat(refused(() -> parked.resume(replay))).hasMessageContaining("turn has ended");
        assertThat(ops).hasSize(1);
        assertThat(aborts).hasValue(0);
    }

    @Test
    void questionsLeftOpenAreAskedAgainAndEachStateIsUsedOnce() throws Exception {
        RequestContext first = requests.modern(1, "tools/call", params("codex", 1));
        RequestCall call = start(first, Duration.ofMinutes(1));
        call.ask(question("3", "call-a"));
        String firstState = requests.client
                .readResponse(1)
                .path("result")
                .path("requestState")
                .asText();
        // a second approval while parked waits for the next round
        call.ask(question("4", "call-b"));

        RequestContext second = requests.modern(
                2,
                "tools/call",
                retry(2, firstState, answers("codex_approval_3_call-a", Json.parse("{\"action\":\"decline\"}"))));
        parked.resume(second);
        assertThat(ops).containsExactly(new Op.ExecApproval("3", ReviewDecision.DENIED, null));
        JsonNode again = requests.client.readResponse(2).path("result");
        assertThat(again.path("resultType").asText()).isEqualTo("input_required");
        assertThat(again.path("inputRequests").properties())
                .extracting(e -> e.getKey())
                .containsExactly("codex_approval_4_call-b");
        String secondState = again.path("requestState").asText();
        assertThat(secondState).isNotEqualTo(firstState);

        RequestContext replay = requests.modern(
                3, "tools/call", retry(3, firstState, answers("codex_approval_4_call-b", accept("approved"))));
        assertThat(refused(() -> parked.resume(replay))).hasMessageContaining("already used");
        assertThat(ops).hasSize(1);

        RequestContext third = requests.modern(
                4,
                "tools/call",
                retry(4, secondState, answers("codex_approval_4_call-b", Json.parse("{\"action\":\"cancel\"}"))));
        parked.resume(third);
        assertThat(ops)
                .containsExactly(
                        new Op.ExecApproval("3", ReviewDecision.DENIED, null),
                        new Op.ExecApproval("4", ReviewDecision.ABORT, null));
        assertThat(call.request()).isSameAs(third);
    }

    @Test
    void anUnreadableAnswerIsADenialAndAMissingOneIsAskedAgain() throws Exception {
        RequestContext first = requests.modern(1, "tools/call", params("codex", 1));
        RequestCall call = start(first, Duration.ofMinutes(1));
        call.ask(question("3", "call-a"));
        String state = requests.client
                .readResponse(1)
                .path("result")
                .path("requestState")
                .asText();

        RequestContext empty =
                requests.modern(2, "tools/call", retry(2, state, Json.parse("{\"unknown\":{\"action\":\"accept\"}}")));
        parked.resume(empty);
        assertThat(ops).isEmpty();
        JsonNode again = requests.client.readResponse(2).path("result");
        assertThat(again.path("inputRequests").has("codex_approval_3_call-a")).isTrue();

        RequestContext garbage = requests.modern(
                3,
                "tools/call",
                retry(3, again.path("requestState").asText(), answers("codex_approval_3_call-a", accept("maybe"))));
        parked.resume(garbage);
        assertThat(ops).hasSize(1);
        Op.ExecApproval op = (Op.ExecApproval) ops.get(0);
        assertThat(op.decision()).isEqualTo(ReviewDecision.DENIED);
        assertThat(op.reason()).contains("not understood");
        assertThat(call.request()).isSameAs(garbage);
    }

    @Test
    void questionsLeftOpenForARetryWithoutElicitationAreDeniedWithTheReason() throws Exception {
        RequestContext first = requests.modern(1, "tools/call", params("codex", 1));
        RequestCall call = start(first, Duration.ofMinutes(1));
        call.ask(question("3", "call-a"));
        String state = requests.client
                .readResponse(1)
                .path("result")
                .path("requestState")
                .asText();
        call.ask(question("4", "call-b"));

        ObjectNode withoutElicitation = retry(2, state, answers("codex_approval_3_call-a", accept("approved")));
        ((ObjectNode) withoutElicitation.path("_meta")).putObject("io.modelcontextprotocol/clientCapabilities");
        RequestContext second = requests.modern(2, "tools/call", withoutElicitation);
        parked.resume(second);
        assertThat(ops).hasSize(2);
        assertThat(ops.get(0)).isEqualTo(new Op.ExecApproval("3", ReviewDecision.APPROVED, null));
        Op.ExecApproval denied = (Op.ExecApproval) ops.get(1);
        assertThat(denied.id()).isEqualTo("4");
        assertThat(denied.decision()).isEqualTo(ReviewDecision.DENIED);
        assertThat(denied.reason()).contains("cannot be asked");
        assertThat(second.isAnswered())
                .as("no input_required for a client that cannot answer it")
                .isFalse();
        assertThat(call.request()).isSameAs(second);
        assertThat(parked.size()).isZero();
    }

    @Test
    void aParkedTurnNobodyResumesIsInterruptedAfterTheTimeout() throws Exception {
        RequestContext first = requests.modern(1, "tools/call", params("codex", 1));
        RequestCall call = start(first, Duration.ofMillis(200));
        call.ask(question("3", "call-a"));
        String state = requests.client
                .readResponse(1)
                .path("result")
                .path("requestState")
                .asText();
        assertThat(aborted.await(10, TimeUnit.SECONDS)).as("interrupted").isTrue();
        assertThat(aborts).hasValue(1);
        assertThat(parked.size()).isZero();
        RequestContext late = requests.modern(
                2, "tools/call", retry(2, state, answers("codex_approval_3_call-a", accept("approved"))));
        assertThat(refused(() -> parked.resume(late)).getMessage()).containsAnyOf("expired", "turn has ended");
        assertThat(ops).isEmpty();
        assertThat(call.request()).isSameAs(first);
    }

    @Test
    void retriesThatCannotResumeAnythingAreInvalidParams() throws Exception {
        RequestContext first = requests.modern(1, "tools/call", params("codex", 1));
        RequestCall call = start(first, Duration.ofMinutes(1));
        call.ask(question("3", "call-a"));
        String state = requests.client
                .readResponse(1)
                .path("result")
                .path("requestState")
                .asText();
        JsonNode yes = answers("codex_approval_3_call-a", accept("approved"));

        String tampered = state.substring(0, 5) + (state.charAt(5) == 'A' ? 'B' : 'A') + state.substring(6);
        assertThat(refused(() -> parked.resume(requests.modern(2, "tools/call", retry(2, tampered, yes)))))
                .hasMessageContaining("requestState");
        ObjectNode otherArguments = retry(3, state, yes);
        ((ObjectNode) otherArguments.get("arguments")).put("prompt", "something else");
        assertThat(refused(() -> parked.resume(requests.modern(3, "tools/call", otherArguments))))
                .hasMessageContaining("arguments");
        ObjectNode noState = params("codex", 4);
        noState.set("inputResponses", yes);
        assertThat(refused(() -> parked.resume(requests.modern(4, "tools/call", noState))))
                .hasMessageContaining("without the requestState");
        assertThat(ops).isEmpty();
        assertThat(parked.size()).isEqualTo(1);

        // the turn ends (another way) while parked: nothing resumes it any more
        call.aborted(THREAD);
        assertThat(parked.size()).isZero();
        assertThat(refused(() -> parked.resume(requests.modern(5, "tools/call", retry(5, state, yes)))))
                .hasMessageContaining("turn has ended");
        assertThat(ops).isEmpty();
        assertThatThrownBy(() -> requests.client.readUntil(m -> m.path("id").asInt(-1) >= 2, Duration.ofMillis(300)))
                .as("no refused retry and no ended turn was answered here (the connection answers the errors)")
                .isInstanceOf(AssertionError.class);
    }
}
