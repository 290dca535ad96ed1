package io.codexquarkus.agent;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.escalatedShellCall;
import static io.codexquarkus.testing.MockModelServer.functionCall;
import static io.codexquarkus.testing.MockModelServer.functionCallOutput;
import static io.codexquarkus.testing.MockModelServer.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.GoldenJson;
import io.codexquarkus.testing.MockModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Escalation ({@code sandbox_permissions: require_escalated}) through real turns against the mock model: the shell
 * tool's schema per approval policy (golden files), the refusal outside {@code on-request}, and what an answer of
 * {@code approved_for_session} covers (upstream keys it by argv, cwd and the escalation itself).
 */
class EscalationTurnTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    private static final String WHY = "Do you want me to create the file the task asks for?";

    @TempDir
    Path home;

    @TempDir
    Path work;

    private AgentHarness harness;

    @BeforeEach
    void wire() {
        harness = new AgentHarness(model, home, work);
    }

    @AfterEach
    void unwire() throws InterruptedException {
        harness.close();
    }

    private Codex start(String approval, String sandbox) throws InterruptedException {
        return harness.start(harness.config(work, approval, sandbox));
    }

    private static JsonNode shellTool(JsonNode request) {
        return StreamSupport.stream(request.path("tools").spliterator(), false)
                .filter(tool -> "shell".equals(tool.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no shell tool in " + request.path("tools")));
    }

    @ParameterizedTest(name = "{0} × {1}")
    @CsvSource({
        "untrusted, read-only",
        "on-failure, workspace-write",
        "never, read-only",
        "on-request, read-only",
        "on-request, workspace-write",
        "on-request, danger-full-access"
    })
    void shellToolSchemaPerPolicy(String approval, String sandbox) throws Exception {
        model.script(answer("resp_1", "ok"));
        Codex codex = start(approval, sandbox);
        AgentHarness.runTurn(codex, "hi", AgentHarness.NO_APPROVAL);

        JsonNode shell = shellTool(model.requests().getFirst());
        GoldenJson.assertMatches("shell-tool-" + approval + "-" + sandbox + ".json", shell);
        JsonNode properties = shell.path("parameters").path("properties");
        boolean offered = approval.equals("on-request");
        assertThat(properties.has("sandbox_permissions"))
                .as("sandbox_permissions offered")
                .isEqualTo(offered);
        assertThat(properties.has("justification")).as("justification offered").isEqualTo(offered);
        assertThat(properties.has("with_escalated_permissions")).isFalse();
    }

    @Test
    void escalationParametersHaveUpstreamsNamesTypesAndValues() throws Exception {
        model.script(answer("resp_1", "ok"));
        Codex codex = start("on-request", "read-only");
        AgentHarness.runTurn(codex, "hi", AgentHarness.NO_APPROVAL);
        JsonNode ours =
                shellTool(model.requests().getFirst()).path("parameters").path("properties");

        JsonNode anchor;
        try {
            anchor = Json.MAPPER.readTree(
                    Files.readString(Path.of("src/test/resources/golden/model/anchor-0.153.4-model-tools.json")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        JsonNode upstream = StreamSupport.stream(anchor.path("tools").spliterator(), false)
                .filter(tool -> "exec_command".equals(tool.path("name").asText()))
                .findFirst()
                .orElseThrow()
                .path("parameters")
                .path("properties");
        for (String name : List.of("sandbox_permissions", "justification")) {
            ObjectNode withoutDescription = ours.path(name).deepCopy();
            withoutDescription.remove("description");
            assertThat(withoutDescription).as(name).isEqualTo(upstream.path(name));
            assertThat(ours.path(name).path("description").asText()).as(name).isNotBlank();
        }
    }

    @Test
    void escalationUnderNeverIsRefusedAndNothingRuns() throws Exception {
        model.script(
                items("resp_1", escalatedShellCall("call_touch", List.of("touch", "created.txt"), WHY)),
                answer("resp_2", "I may not."));
        Codex codex = start("never", "read-only");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "touch it", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).isTrue();
        assertThat(turn.types()).doesNotContain("exec_approval_request", "exec_command_begin");
        assertThat(work.resolve("created.txt")).doesNotExist();
        assertThat(functionCallOutput(model.requests().get(1), "call_touch"))
                .isEqualTo("approval policy is Never; reject command — you should not ask for escalated permissions"
                        + " if the approval policy is Never");
    }

    @Test
    void unknownSandboxPermissionsValueIsAnArgumentError() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("command", List.of("touch", "created.txt"));
        args.put("sandbox_permissions", "root");
        model.script(items("resp_1", functionCall("call_touch", "shell", args)), answer("resp_2", "oops"));
        Codex codex = start("on-request", "read-only");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "touch it", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).isTrue();
        assertThat(work.resolve("created.txt")).doesNotExist();
        assertThat(functionCallOutput(model.requests().get(1), "call_touch"))
                .isEqualTo("failed to parse function arguments: unknown variant `root`, expected `use_default` or"
                        + " `require_escalated` for `sandbox_permissions`");
    }

    @Test
    void approvedEscalationRunsOutsideTheReadOnlySandbox() throws Exception {
        model.script(
                items("resp_1", escalatedShellCall("call_touch", List.of("touch", "created.txt"), WHY)),
                answer("resp_2", "Created."));
        Codex codex = start("on-request", "read-only");
        List<EventMsg.ExecApprovalRequest> asked = new ArrayList<>();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "touch it", request -> {
            asked.add(request);
            return ReviewDecision.APPROVED;
        });

        assertThat(turn.completed()).isTrue();
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().reason()).isEqualTo(WHY);
        assertThat(asked.getFirst().command()).containsExactly("touch", "created.txt");
        assertThat(work.resolve("created.txt")).exists();
    }

    /**
     * {@code approved_for_session} on an escalated command: the same escalated argv in the same directory runs
     * without a question; in another directory it asks again; the same argv without escalation is not unlocked.
     */
    @Test
    void approvedForSessionCoversTheSameEscalatedCommandInTheSameDirectory() throws Exception {
        Path sub = Files.createDirectories(work.resolve("sub"));
        Map<String, Object> inSub = new LinkedHashMap<>();
        inSub.put("command", List.of("touch", "a.txt"));
        inSub.put("workdir", "sub");
        inSub.put("sandbox_permissions", "require_escalated");
        inSub.put("justification", WHY);
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("command", List.of("touch", "a.txt"));
        plain.put("workdir", "plain");
        Files.createDirectories(work.resolve("plain"));
        model.script(
                items("resp_1", escalatedShellCall("call_1", List.of("touch", "a.txt"), WHY)),
                items("resp_2", escalatedShellCall("call_2", List.of("touch", "a.txt"), WHY)),
                items("resp_3", functionCall("call_3", "shell", inSub)),
                items("resp_4", functionCall("call_4", "shell", plain)),
                answer("resp_5", "done"));
        Codex codex = start("on-request", "read-only");
        List<EventMsg.ExecApprovalRequest> asked = new ArrayList<>();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "touch it", request -> {
            asked.add(request);
            return asked.size() == 1 ? ReviewDecision.APPROVED_FOR_SESSION : ReviewDecision.DENIED;
        });

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(asked.getFirst().callId()).isEqualTo("call_1");
        assertThat(asked.get(1).callId()).as("another directory asks again").isEqualTo("call_3");
        assertThat(work.resolve("a.txt")).exists();
        assertThat(sub.resolve("a.txt")).doesNotExist();
        assertThat(functionCallOutput(model.requests().get(2), "call_2")).doesNotContain("rejected");
        assertThat(functionCallOutput(model.requests().get(3), "call_3")).isEqualTo("exec command rejected by user");
        // without escalation the command is judged afresh: sandboxed (and denied writing) where a platform sandbox
        // exists, asked (and here denied) where none does; either way it did not write
        assertThat(work.resolve("plain").resolve("a.txt")).doesNotExist();
        if (AgentHarness.platformSandboxAvailable()) {
            assertThat(asked).hasSize(2);
        } else {
            assertThat(asked).hasSize(3);
            assertThat(asked.get(2).callId()).isEqualTo("call_4");
        }
    }
}
