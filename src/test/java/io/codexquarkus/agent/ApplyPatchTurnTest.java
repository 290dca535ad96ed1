package io.codexquarkus.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.model.Sse;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.tools.applypatch.FileChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 end to end: the model (the mock model, Responses SSE) calls {@code apply_patch}; the real runtime verifies,
 * decides, writes the file and reports {@code patch_apply_begin/end} and {@code turn_diff}; under read-only the same
 * patch asks first.
 */
class ApplyPatchTurnTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private MockModelServer server;
    private AgentRuntime runtime;

    @BeforeEach
    void start() {
        server = MockModelServer.start();
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        server.close();
    }

    private Codex start(String approval, String sandbox) throws IOException {
        Files.writeString(home.resolve("config.toml"), """
                model = "mock-model"
                model_provider = "mock"
                approval_policy = "%s"
                sandbox_mode = "%s"
                [model_providers.mock]
                name = "mock"
                base_url = "%s"
                wire_api = "responses"
                request_max_retries = 0
                stream_max_retries = 0
                """.formatted(approval, sandbox, server.baseUrl()));
        CodexConfig config = ConfigLoader.load(
                        new ConfigRequest(new CodexHome(home), work, Optional.empty(), List.of(), Map.of()))
                .config();
        runtime = AgentRuntime.create(config, "codex_cli_rs", Map.of("PATH", System.getenv("PATH")));
        return new ConversationManager(runtime.services())
                .newConversation(config)
                .codex();
    }

    private void modelPatchesThenAnswers(String patch) {
        String call = "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":"
                + "\"custom_tool_call\",\"id\":\"ctc_1\",\"status\":\"completed\",\"call_id\":\"call_patch\","
                + "\"name\":\"apply_patch\",\"input\":" + Json.write(patch) + "}}";
        server.script(Sse.responses(Sse.created("r1"), call, Sse.completed("r1")), Sse.textAnswer("r2", "Patched."));
    }

    private static final String PATCH = """
            *** Begin Patch
            *** Update File: hello.txt
            -old line
            +new line
            *** End Patch""";

    @Test
    void applyPatchEditsTheFileAndReportsTheDiff() throws Exception {
        Files.writeString(work.resolve("hello.txt"), "old line\n");
        modelPatchesThenAnswers(PATCH);
        Codex codex = start("on-request", "workspace-write");
        codex.submit(new Op.UserInput(List.of(new InputItem.Text("edit the file"))));
        List<Event> events = readUntilComplete(codex, e -> {});

        assertThat(Files.readString(work.resolve("hello.txt"))).isEqualTo("new line\n");
        EventMsg.PatchApplyBegin begin = first(events, EventMsg.PatchApplyBegin.class);
        assertThat(begin.autoApproved()).isTrue();
        assertThat(begin.changes()).containsOnlyKeys(work.resolve("hello.txt").toString());
        assertThat(begin.changes().values().iterator().next()).isInstanceOf(FileChange.Update.class);
        EventMsg.PatchApplyEnd end = first(events, EventMsg.PatchApplyEnd.class);
        assertThat(end.success()).isTrue();
        assertThat(end.stdout()).isEqualTo("Success. Updated the following files:\nM hello.txt\n");
        EventMsg.TurnDiff diff = first(events, EventMsg.TurnDiff.class);
        assertThat(diff.unifiedDiff()).contains("-old line").contains("+new line");
        assertThat(events).noneMatch(e -> e.msg() instanceof EventMsg.ApplyPatchApprovalRequest);

        List<JsonNode> bodies = server.requests();
        assertThat(bodies).hasSize(2);
        JsonNode output = null;
        for (JsonNode item : bodies.get(1).path("input")) {
            if ("custom_tool_call_output".equals(item.path("type").asText())) {
                output = item;
            }
        }
        assertThat(output).isNotNull();
        assertThat(output.path("call_id").asText()).isEqualTo("call_patch");
        assertThat(output.path("output").asText()).contains("Success. Updated the following files:");
    }

    @Test
    void underReadOnlyThePatchAsksAndAppliesOnlyWhenApproved() throws Exception {
        Files.writeString(work.resolve("hello.txt"), "old line\n");
        modelPatchesThenAnswers(PATCH);
        Codex codex = start("on-request", "read-only");
        codex.submit(new Op.UserInput(List.of(new InputItem.Text("edit the file"))));
        List<Event> events = readUntilComplete(codex, event -> {
            if (event.msg() instanceof EventMsg.ApplyPatchApprovalRequest request) {
                assertThat(request.callId()).isEqualTo("call_patch");
                assertThat(request.changes())
                        .containsKey(work.resolve("hello.txt").toString());
                codex.submit(new Op.PatchApproval(event.id(), ReviewDecision.APPROVED));
            }
        });
        assertThat(first(events, EventMsg.ApplyPatchApprovalRequest.class)).isNotNull();
        assertThat(first(events, EventMsg.PatchApplyBegin.class).autoApproved()).isFalse();
        assertThat(Files.readString(work.resolve("hello.txt"))).isEqualTo("new line\n");
    }

    @Test
    void aDeniedPatchLeavesTheFileAlone() throws Exception {
        Files.writeString(work.resolve("hello.txt"), "old line\n");
        modelPatchesThenAnswers(PATCH);
        Codex codex = start("untrusted", "workspace-write");
        codex.submit(new Op.UserInput(List.of(new InputItem.Text("edit the file"))));
        List<Event> events = readUntilComplete(codex, event -> {
            if (event.msg() instanceof EventMsg.ApplyPatchApprovalRequest) {
                codex.submit(new Op.PatchApproval(event.id(), ReviewDecision.DENIED));
            }
        });
        assertThat(events).noneMatch(e -> e.msg() instanceof EventMsg.PatchApplyBegin);
        assertThat(Files.readString(work.resolve("hello.txt"))).isEqualTo("old line\n");
        String secondRequest = server.server().requests().get(1).body();
        assertThat(secondRequest).contains("patch rejected by user");
    }

    private static List<Event> readUntilComplete(Codex codex, java.util.function.Consumer<Event> onEvent)
            throws InterruptedException {
        List<Event> events = new ArrayList<>();
        while (true) {
            Event event = AgentHarness.events(codex)
                    .next(Duration.ofSeconds(15))
                    .orElseThrow(() -> new AssertionError("no event within 15 s; got " + events));
            events.add(event);
            onEvent.accept(event);
            if (event.msg() instanceof EventMsg.TaskComplete) {
                return events;
            }
        }
    }

    private static <T extends EventMsg> T first(List<Event> events, Class<T> type) {
        return events.stream()
                .map(Event::msg)
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + events));
    }
}
