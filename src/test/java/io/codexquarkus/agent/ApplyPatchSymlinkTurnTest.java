package io.codexquarkus.agent;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.items;
import static io.codexquarkus.testing.MockModelServer.shellCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.OutsideDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, the hostile-model chain in one turn under workspace-write: the model links a directory outside the
 * workspace into it ({@code ln -s <outside> l}, a write inside the workspace), then patches {@code l/marker.txt}. The
 * patch is an outside write: refused under {@code never}, asked under {@code on-request}; never written silently.
 */
class ApplyPatchSymlinkTurnTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Path outside;
    private AgentHarness harness;

    @BeforeEach
    void wire() {
        outside = OutsideDirectory.create("agent-patch-symlink-");
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

    private static final String ADD_MARKER = """
            *** Begin Patch
            *** Add File: l/marker.txt
            +planted
            *** End Patch
            """;

    /** A finished {@code custom_tool_call} of the freeform apply_patch tool. */
    private static String applyPatchCall(String callId, String patch) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "custom_tool_call");
        item.put("id", "ctc_" + callId);
        item.put("status", "completed");
        item.put("call_id", callId);
        item.put("name", "apply_patch");
        item.put("input", patch);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "response.output_item.done");
        event.put("output_index", 0);
        event.put("item", item);
        return Json.write(event);
    }

    /** The model's turn: {@code ln -s <outside> l}, then the patch through {@code l}, then an answer. */
    private void scriptLinkThenPatch() {
        model.script(
                items("resp_1", shellCall("call_ln", List.of("ln", "-s", outside.toString(), "l"))),
                items("resp_2", applyPatchCall("call_patch", ADD_MARKER)),
                answer("resp_3", "Done."));
    }

    /**
     * Without a platform sandbox, {@code never} refuses every unknown command, {@code ln} included; the link is then
     * made here, so the patch still meets it (with a sandbox the model's own {@code ln} makes it).
     */
    private void linkUnlessTheModelCan() throws IOException {
        if (!AgentHarness.platformSandboxAvailable()) {
            Files.createSymbolicLink(work.resolve("l"), outside);
        }
    }

    /** Runs a turn, approving commands and answering patch approval requests with {@code patchDecision}. */
    private static AgentHarness.Turn runTurn(Codex codex, ReviewDecision patchDecision, List<EventMsg> asked)
            throws InterruptedException {
        String subId = codex.submit(new Op.UserInput(List.of(new InputItem.Text("plant the marker"))));
        List<Event> events = new ArrayList<>();
        while (true) {
            Event event = AgentHarness.nextEvent(codex, events);
            events.add(event);
            switch (event.msg()) {
                case EventMsg.ExecApprovalRequest request -> {
                    asked.add(request);
                    codex.submit(new Op.ExecApproval(event.id(), ReviewDecision.APPROVED));
                }
                case EventMsg.ApplyPatchApprovalRequest request -> {
                    asked.add(request);
                    codex.submit(new Op.PatchApproval(event.id(), patchDecision));
                }
                case EventMsg.TaskComplete complete -> {
                    return new AgentHarness.Turn(subId, events);
                }
                case EventMsg.TurnAborted aborted -> {
                    return new AgentHarness.Turn(subId, events);
                }
                default -> {
                    // keep reading
                }
            }
        }
    }

    private static String patchOutput(JsonNode request, String callId) {
        for (JsonNode item : request.path("input")) {
            if ("custom_tool_call_output".equals(item.path("type").asText())
                    && callId.equals(item.path("call_id").asText())) {
                return item.path("output").asText();
            }
        }
        throw new AssertionError("no custom_tool_call_output for " + callId + " in " + request.path("input"));
    }

    @Test
    void underNeverThePatchThroughTheLinkIsRefused() throws Exception {
        linkUnlessTheModelCan();
        scriptLinkThenPatch();
        Codex codex = harness.start(harness.config(work, "never", "workspace-write"));
        List<EventMsg> asked = new ArrayList<>();

        AgentHarness.Turn turn = runTurn(codex, ReviewDecision.APPROVED, asked);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(asked).isEmpty();
        assertThat(Files.isSymbolicLink(work.resolve("l"))).isTrue();
        assertThat(outside.resolve("marker.txt")).doesNotExist();
        assertThat(turn.types()).doesNotContain("patch_apply_begin");
        List<JsonNode> requests = model.requests();
        assertThat(requests).hasSize(3);
        assertThat(patchOutput(requests.get(2), "call_patch"))
                .isEqualTo("patch rejected: writing outside of the project; rejected by user approval settings");
    }

    @Test
    void underOnRequestThePatchAsksAndADenialWritesNothing() throws Exception {
        scriptLinkThenPatch();
        Codex codex = harness.start(harness.config(work, "on-request", "workspace-write"));
        List<EventMsg> asked = new ArrayList<>();

        AgentHarness.Turn turn = runTurn(codex, ReviewDecision.DENIED, asked);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(Files.isSymbolicLink(work.resolve("l"))).isTrue();
        EventMsg.ApplyPatchApprovalRequest request = patchRequest(asked);
        // the request shows where the write would really land
        assertThat(request.changes())
                .containsOnlyKeys(outside.resolve("marker.txt").toString());
        assertThat(outside.resolve("marker.txt")).doesNotExist();
        assertThat(turn.types()).doesNotContain("patch_apply_begin");
        assertThat(patchOutput(model.requests().get(2), "call_patch")).isEqualTo("patch rejected by user");
    }

    @Test
    void underOnRequestAnApprovedPatchIsWrittenWhereItWasShown() throws Exception {
        scriptLinkThenPatch();
        Codex codex = harness.start(harness.config(work, "on-request", "workspace-write"));
        List<EventMsg> asked = new ArrayList<>();

        AgentHarness.Turn turn = runTurn(codex, ReviewDecision.APPROVED, asked);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(patchRequest(asked).changes())
                .containsOnlyKeys(outside.resolve("marker.txt").toString());
        assertThat(outside.resolve("marker.txt")).hasContent("planted");
        assertThat(turn.all(EventMsg.PatchApplyBegin.class).getFirst().autoApproved())
                .isFalse();
        assertThat(patchOutput(model.requests().get(2), "call_patch"))
                .contains("Success. Updated the following files:")
                .contains("A l/marker.txt");
    }

    @Test
    void underNeverAnUpdateThroughASymlinkedFileLeavesTheOutsideFileAlone() throws Exception {
        Path victim = Files.writeString(outside.resolve("victim.txt"), "outside\n");
        Files.createSymbolicLink(work.resolve("f"), victim);
        model.script(items("resp_1", applyPatchCall("call_patch", """
                        *** Begin Patch
                        *** Update File: f
                        @@
                        -outside
                        +changed
                        *** End Patch
                        """)), answer("resp_2", "Done."));
        Codex codex = harness.start(harness.config(work, "never", "workspace-write"));
        List<EventMsg> asked = new ArrayList<>();

        AgentHarness.Turn turn = runTurn(codex, ReviewDecision.APPROVED, asked);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(asked).isEmpty();
        assertThat(victim).hasContent("outside");
        assertThat(Files.isSymbolicLink(work.resolve("f"))).isTrue();
        assertThat(turn.types()).doesNotContain("patch_apply_begin");
        assertThat(patchOutput(model.requests().get(1), "call_patch"))
                .isEqualTo("patch rejected: writing outside of the project; rejected by user approval settings");
    }

    private static EventMsg.ApplyPatchApprovalRequest patchRequest(List<EventMsg> asked) {
        return asked.stream()
                .filter(EventMsg.ApplyPatchApprovalRequest.class::isInstance)
                .map(EventMsg.ApplyPatchApprovalRequest.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no apply_patch approval request among " + asked));
    }
}
