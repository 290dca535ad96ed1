package io.codexquarkus.agent;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.functionCallOutput;
import static io.codexquarkus.testing.MockModelServer.items;
import static io.codexquarkus.testing.MockModelServer.shellCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.testing.MockModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command the real sandbox stops: writing outside the workspace under {@code workspace-write}.
 * Under {@code on-failure} the user is asked to retry without the sandbox, and an approved retry really runs
 * unsandboxed; under {@code never} the failure goes back to the model. Skipped, with the reason printed, on a host
 * without a platform sandbox.
 */
class SandboxFailureTest {
    private static final String RETRY_REASON = "command failed; retry without sandbox?";

    private static MockModelServer model;

    @TempDir
    Path home;

    @TempDir
    Path work;

    /** Outside every writable root: not under the workspace, /tmp or $TMPDIR. */
    private Path outside;

    private AgentHarness harness;

    @BeforeAll
    static void requireSandbox() {
        boolean available = AgentHarness.platformSandboxAvailable();
        if (!available) {
            System.err.println("SandboxFailureTest skipped: no platform sandbox on this host");
        }
        Assumptions.assumeTrue(available, "no platform sandbox on this host");
        model = MockModelServer.start();
    }

    @AfterAll
    static void stopModel() {
        if (model != null) {
            model.close();
        }
    }

    @BeforeEach
    void wire() throws IOException {
        outside = io.codexquarkus.testing.OutsideDirectory.create("agent-outside-");
        harness = new AgentHarness(model, home, work);
    }

    @AfterEach
    void unwire() throws Exception {
        harness.close();
        try (Stream<Path> files = Files.walk(outside)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private List<String> writeOutside() {
        return List.of("sh", "-c", "echo escaped > " + outside.resolve("escaped.txt"));
    }

    @Test
    void onFailureAsksToRetryWithoutTheSandboxAndRerunsWhenApproved() throws Exception {
        model.script(items("resp_1", shellCall("call_w", writeOutside())), answer("resp_2", "Written."));
        Codex codex = harness.start(harness.config(work, "on-failure", "workspace-write"));
        List<EventMsg.ExecApprovalRequest> asked = new ArrayList<>();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "write outside", request -> {
            asked.add(request);
            return ReviewDecision.APPROVED;
        });

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(turn.types())
                .containsSubsequence(
                        "exec_command_begin",
                        "exec_command_end",
                        "background_event",
                        "exec_approval_request",
                        "background_event",
                        "exec_command_begin",
                        "exec_command_end");
        List<EventMsg.ExecCommandEnd> ends = turn.all(EventMsg.ExecCommandEnd.class);
        assertThat(ends).hasSize(2);
        assertThat(ends.getFirst().exitCode()).isNotZero();
        assertThat(ends.getLast().exitCode()).isZero();
        assertThat(turn.all(EventMsg.ExecCommandBegin.class))
                .allMatch(b -> b.callId().equals("call_w"));
        List<EventMsg.BackgroundEvent> notes = turn.all(EventMsg.BackgroundEvent.class);
        assertThat(notes.getFirst().message())
                .startsWith("Execution failed: sandbox denied exec error, exit code: "
                        + ends.getFirst().exitCode() + ", stdout: , stderr: ");
        assertThat(notes.getLast().message()).isEqualTo("retrying command without sandbox");
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().reason()).isEqualTo(RETRY_REASON);
        assertThat(asked.getFirst().command()).isEqualTo(writeOutside());
        assertThat(outside.resolve("escaped.txt")).hasContent("escaped");
        String output = functionCallOutput(model.requests().get(1), "call_w");
        assertThat(Json.parse(output).path("metadata").path("exit_code").asInt())
                .isZero();
    }

    @Test
    void onFailureRetryDeniedTellsTheModel() throws Exception {
        model.script(items("resp_1", shellCall("call_w", writeOutside())), answer("resp_2", "Fine."));
        Codex codex = harness.start(harness.config(work, "on-failure", "workspace-write"));

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "write outside", request -> ReviewDecision.DENIED);

        assertThat(turn.completed()).isTrue();
        assertThat(turn.all(EventMsg.ExecCommandBegin.class)).hasSize(1);
        assertThat(outside.resolve("escaped.txt")).doesNotExist();
        assertThat(functionCallOutput(model.requests().get(1), "call_w")).isEqualTo("exec command rejected by user");
    }

    @Test
    void neverSendsTheSandboxFailureToTheModelWithoutAsking() throws Exception {
        model.script(items("resp_1", shellCall("call_w", writeOutside())), answer("resp_2", "Could not."));
        Codex codex = harness.start(harness.config(work, "never", "workspace-write"));

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "write outside", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).isTrue();
        assertThat(outside.resolve("escaped.txt")).doesNotExist();
        int exitCode = turn.all(EventMsg.ExecCommandEnd.class).getFirst().exitCode();
        assertThat(functionCallOutput(model.requests().get(1), "call_w"))
                .startsWith("failed in sandbox "
                        + SandboxManager.forCurrentProcess().platformSandbox().displayName()
                        + " with execution error: sandbox denied exec error, exit code: " + exitCode
                        + ", stdout: , stderr: ")
                .containsAnyOf("Permission denied", "Read-only file system");
    }
}
