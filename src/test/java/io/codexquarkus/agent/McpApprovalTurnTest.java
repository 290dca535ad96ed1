package io.codexquarkus.agent;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.functionCallOutput;
import static io.codexquarkus.testing.MockModelServer.items;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.testing.FakeMcpPool;
import io.codexquarkus.testing.MockModelServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The approval rule for MCP tool calls, per approval policy, through real turns: a tool whose annotations say it has
 * side effects ({@code destructiveHint}) is put to the user under {@code untrusted}, {@code on-failure} and {@code
 * on-request}, refused under {@code never} (nobody may be asked) unless the sandbox is {@code danger-full-access},
 * where every call runs; a read-only tool runs unasked under every policy. The answer decides whether the pool is
 * called, and the model is told.
 */
class McpApprovalTurnTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private AgentHarness harness;
    private Codex codex;

    @BeforeEach
    void wire() {
        harness = new AgentHarness(model, home, work);
    }

    @AfterEach
    void unwire() throws InterruptedException {
        if (codex != null) {
            codex.shutdown(Duration.ofSeconds(5));
        }
        harness.close();
    }

    @ParameterizedTest(name = "{0} × {1}, {2}: asked={3}, answer {4}, called={5}")
    @CsvSource({
        "untrusted,  read-only,          delete_page, true,  approved, true,  deleted",
        "untrusted,  read-only,          delete_page, true,  denied,   false, MCP tool call rejected by user",
        "on-failure, workspace-write,    delete_page, true,  approved, true,  deleted",
        "on-failure, workspace-write,    delete_page, true,  denied,   false, MCP tool call rejected by user",
        "on-request, workspace-write,    delete_page, true,  approved, true,  deleted",
        "on-request, read-only,          delete_page, true,  denied,   false, MCP tool call rejected by user",
        "never,      read-only,          delete_page, false, -,        false, MCP tool call rejected: docs.delete-page"
                + " may modify data and needs approval, but approval_policy is never",
        "never,      workspace-write,    delete_page, false, -,        false, MCP tool call rejected: docs.delete-page"
                + " may modify data and needs approval, but approval_policy is never",
        "never,      danger-full-access, delete_page, false, -,        true,  deleted",
        "untrusted,  read-only,          get_sum,     false, -,        true,  2",
        "on-request, read-only,          get_sum,     false, -,        true,  2",
        "never,      read-only,          get_sum,     false, -,        true,  2"
    })
    void mcpCallsFollowTheRuleForEachPolicy(
            String approval,
            String sandbox,
            String tool,
            boolean asked,
            String answer,
            boolean called,
            String outputText)
            throws Exception {
        FakeMcpPool pool = McpToolTurnTest.pool(List.of());
        model.script(
                items("resp_1", McpToolTurnTest.namespacedCall("call_1", "mcp__docs", tool, Map.of("a", 1, "b", 1))),
                answer("resp_2", "done"));
        ConversationManager manager = new ConversationManager(harness.services().withMcpServers(config -> pool));
        codex = manager.newConversation(harness.config(work, approval, sandbox)).codex();
        Event first = AgentHarness.nextEvent(codex, List.of());
        assertThat(first.msg()).isInstanceOf(EventMsg.SessionConfigured.class);
        List<EventMsg.ExecApprovalRequest> requests = new ArrayList<>();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "go", request -> {
            requests.add(request);
            return ReviewDecision.fromWire(answer);
        });

        assertThat(turn.completed()).isTrue();
        assertThat(requests).hasSize(asked ? 1 : 0);
        assertThat(pool.calls()).hasSize(called ? 1 : 0);
        assertThat(turn.all(EventMsg.McpToolCallBegin.class)).hasSize(called ? 1 : 0);
        assertThat(turn.all(EventMsg.McpToolCallEnd.class)).hasSize(called ? 1 : 0);
        String output =
                functionCallOutput(model.awaitRequests(2, McpToolTurnTest.WAIT).get(1), "call_1");
        assertThat(output).contains(outputText);
    }
}
