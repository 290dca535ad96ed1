package io.codexquarkus.agent;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.functionCallOutput;
import static io.codexquarkus.testing.MockModelServer.items;
import static io.codexquarkus.testing.MockModelServer.messageTexts;
import static io.codexquarkus.testing.MockModelServer.shellCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.agent.protocol.TurnAbortReason;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.MockModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real turns: the real model client streams Responses SSE from the mock model, the real tool router runs real commands in a
 * temporary directory, and every assertion is on events or on what the next model request carries.
 */
class AgentTurnsTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

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

    private static JsonNode modelOutput(JsonNode request, String callId) {
        return Json.parse(functionCallOutput(request, callId));
    }

    @Test
    void plainAnswerStreamsThroughTheRealClient() throws Exception {
        model.script(answer("resp_1", "Hello from the mock model."));
        Codex codex = start("never", "read-only");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "say hi", AgentHarness.NO_APPROVAL);

        assertThat(turn.types())
                .containsExactly(
                        "task_started",
                        "user_message",
                        "agent_message_delta",
                        "agent_message_delta",
                        "agent_message_delta",
                        "agent_message_delta",
                        "agent_message_delta",
                        "agent_message",
                        "token_count",
                        "task_complete");
        assertThat(turn.events()).allMatch(e -> e.id().equals(turn.subId()));
        assertThat(turn.all(EventMsg.TaskComplete.class).getFirst().lastAgentMessage())
                .isEqualTo("Hello from the mock model.");
        JsonNode request = model.requests().getFirst();
        assertThat(request.path("model").asText()).isEqualTo("mock-model");
        assertThat(request.path("stream").asBoolean()).isTrue();
        assertThat(request.path("prompt_cache_key").asText()).isEqualTo(codex.conversationId());
        assertThat(messageTexts(request).getLast()).isEqualTo("say hi");
        assertThat(request.path("tools").findValuesAsText("name")).contains("shell");
    }

    @Test
    void shellCallRunsInTheWorkingDirectoryAndItsOutputReachesTheNextRequest() throws Exception {
        List<String> argv = List.of("bash", "-lc", "echo made-by-shell > note.txt && cat note.txt && pwd");
        model.script(items("resp_1", shellCall("call_1", argv)), answer("resp_2", "The note is written."));
        Codex codex = start("never", "danger-full-access");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "write a note", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(work.resolve("note.txt")).hasContent("made-by-shell");
        EventMsg.ExecCommandBegin begin =
                turn.all(EventMsg.ExecCommandBegin.class).getFirst();
        assertThat(begin.callId()).isEqualTo("call_1");
        assertThat(begin.command()).isEqualTo(argv);
        assertThat(begin.cwd()).isEqualTo(work.toString());
        EventMsg.ExecCommandEnd end = turn.all(EventMsg.ExecCommandEnd.class).getFirst();
        assertThat(end.exitCode()).isZero();
        assertThat(end.stdout()).isEqualTo("made-by-shell\n" + work + "\n");

        List<JsonNode> requests = model.requests();
        assertThat(requests).hasSize(2);
        JsonNode second = requests.get(1);
        JsonNode call = second.path("input").findParent("arguments");
        assertThat(call.path("type").asText()).isEqualTo("function_call");
        assertThat(call.path("call_id").asText()).isEqualTo("call_1");
        JsonNode output = modelOutput(second, "call_1");
        assertThat(output.path("output").asText()).isEqualTo("made-by-shell\n" + work + "\n");
        assertThat(output.path("metadata").path("exit_code").asInt()).isZero();
        assertThat(output.path("output").asText()).isEqualTo(end.formattedOutput());
        assertThat(turn.all(EventMsg.TaskComplete.class).getFirst().lastAgentMessage())
                .isEqualTo("The note is written.");
    }

    @Test
    void knownSafeCommandsRunWithoutAskingUnderUntrusted() throws Exception {
        Files.writeString(work.resolve("hello.txt"), "one\ntwo\n");
        model.script(
                items(
                        "resp_1",
                        shellCall("call_ls", List.of("ls")),
                        shellCall("call_pwd", List.of("pwd")),
                        shellCall("call_cat", List.of("cat", "hello.txt")),
                        shellCall("call_wc", List.of("wc", "-l", "hello.txt")),
                        shellCall("call_script", List.of("bash", "-lc", "ls && grep -n two hello.txt"))),
                answer("resp_2", "Looked around."));
        Codex codex = start("untrusted", "read-only");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "look around", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(turn.all(EventMsg.ExecCommandBegin.class)).hasSize(5);
        JsonNode second = model.requests().get(1);
        assertThat(modelOutput(second, "call_ls").path("output").asText()).isEqualTo("hello.txt\n");
        assertThat(modelOutput(second, "call_pwd").path("output").asText()).isEqualTo(work + "\n");
        assertThat(modelOutput(second, "call_cat").path("output").asText()).isEqualTo("one\ntwo\n");
        assertThat(modelOutput(second, "call_wc").path("output").asText()).isEqualTo("2 hello.txt\n");
        assertThat(modelOutput(second, "call_script").path("output").asText()).isEqualTo("hello.txt\n2:two\n");
    }

    @Test
    void bigOutputsReachTheModelTruncated() throws Exception {
        model.script(
                items(
                        "resp_1",
                        shellCall("call_lines", List.of("seq", "1", "2000")),
                        shellCall("call_bytes", List.of("bash", "-lc", "head -c 10290 /dev/zero | tr '\\0' x"))),
                answer("resp_2", "That was a lot."));
        Codex codex = start("never", "danger-full-access");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "print a lot", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        JsonNode second = model.requests().get(1);
        String expectedLines = "Total output lines: 2000\n\n" + numbers(1, 128)
                + "\n[... omitted 1744 of 2000 lines ...]\n\n" + numbers(1873, 2000);
        assertThat(modelOutput(second, "call_lines").path("output").asText()).isEqualTo(expectedLines);
        String expectedBytes =
                "Total output lines: 1\n\n" + "x".repeat(5120) + "\n[... output truncated to fit 10240 bytes ...]\n\n";
        assertThat(modelOutput(second, "call_bytes").path("output").asText()).isEqualTo(expectedBytes);
        // the client still gets everything
        assertThat(turn.all(EventMsg.ExecCommandEnd.class).getFirst().aggregatedOutput())
                .isEqualTo(numbers(1, 2000));
    }

    private static String numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> i + "\n").collect(Collectors.joining());
    }

    @Test
    void interruptKillsTheRunningCommandAndAbortsTheTurn() throws Exception {
        model.script(
                items("resp_1", shellCall("call_sleep", List.of("sh", "-c", "echo $$ > sleep.pid; exec sleep 100"))));
        Codex codex = start("never", "danger-full-access");
        String subId = codex.submit(new Op.UserInput(List.of(new InputItem.Text("sleep a while"))));
        List<Event> events = new ArrayList<>();
        AgentHarness.awaitEvent(codex, EventMsg.ExecCommandBegin.class, events);
        long pid = awaitPid(work.resolve("sleep.pid"));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);

        long interrupted = System.nanoTime();
        codex.submit(new Op.Interrupt());
        EventMsg.TurnAborted aborted = AgentHarness.awaitEvent(codex, EventMsg.TurnAborted.class, events);
        assertThat(aborted.reason()).isEqualTo(TurnAbortReason.INTERRUPTED);
        assertThat(events.getLast().id()).isEqualTo(subId);
        while (alive(pid)
                && System.nanoTime() - interrupted < Duration.ofSeconds(1).toNanos()) {
            Thread.sleep(20);
        }
        assertThat(alive(pid))
                .as("sleep %d is gone within a second of the interrupt", pid)
                .isFalse();

        // nothing of the aborted task follows turn_aborted, and the session takes the next prompt
        model.script(answer("resp_2", "Awake again."));
        AgentHarness.Turn next = AgentHarness.runTurn(codex, "still there?", AgentHarness.NO_APPROVAL);
        assertThat(next.events()).allMatch(e -> e.id().equals(next.subId()));
        assertThat(next.all(EventMsg.TaskComplete.class).getFirst().lastAgentMessage())
                .isEqualTo("Awake again.");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long awaitPid(Path pidFile) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the command did not write " + pidFile);
    }

    @Test
    void commandTimeoutIsReportedToTheModel() throws Exception {
        model.script(
                items(
                        "resp_1",
                        MockModelServer.functionCall(
                                "call_slow", "shell", Map.of("command", List.of("sleep", "5"), "timeout_ms", 300))),
                answer("resp_2", "Too slow."));
        Codex codex = start("never", "danger-full-access");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "be slow", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).isTrue();
        assertThat(turn.all(EventMsg.ExecCommandEnd.class).getFirst().exitCode())
                .isEqualTo(124);
        JsonNode output = modelOutput(model.requests().get(1), "call_slow");
        // Codex reports the measured time, which is at least the timeout
        String text = output.path("output").asText();
        assertThat(text).matches("command timed out after \\d+ milliseconds\n");
        assertThat(Long.parseLong(text.replaceAll("\\D", ""))).isBetween(300L, 5_000L);
        assertThat(output.path("metadata").path("exit_code").asInt()).isEqualTo(124);
    }

    @Test
    void programThatCannotStartIsAnExecutionError() throws Exception {
        model.script(
                items("resp_1", shellCall("call_missing", List.of("no-such-program-for-codex-tests", "--help"))),
                answer("resp_2", "No such program."));
        Codex codex = start("never", "danger-full-access");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "run it", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).isTrue();
        EventMsg.ExecCommandEnd end = turn.all(EventMsg.ExecCommandEnd.class).getFirst();
        assertThat(end.exitCode()).isEqualTo(-1);
        assertThat(end.stderr()).contains("no-such-program-for-codex-tests");
        assertThat(functionCallOutput(model.requests().get(1), "call_missing"))
                .isEqualTo("execution error: " + end.stderr());
    }

    @Test
    void inputSentDuringATaskJoinsItsNextRequest() throws Exception {
        model.script(
                items("resp_1", shellCall("call_wait", List.of("sleep", "1"))), answer("resp_2", "Bananas noted."));
        Codex codex = start("never", "danger-full-access");
        String subId = codex.submit(new Op.UserInput(List.of(new InputItem.Text("wait a second"))));
        List<Event> events = new ArrayList<>();
        AgentHarness.awaitEvent(codex, EventMsg.ExecCommandBegin.class, events);

        codex.submit(new Op.UserInput(List.of(new InputItem.Text("also mention bananas"))));
        AgentHarness.Turn turn = AgentHarness.readTurn(codex, subId, AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).isTrue();
        assertThat(turn.types()).doesNotContain("task_started");
        assertThat(turn.events()).allMatch(e -> e.id().equals(subId));
        assertThat(model.requests()).hasSize(2);
        JsonNode second = model.requests().get(1);
        assertThat(messageTexts(second).getLast()).isEqualTo("also mention bananas");
        List<String> types = new ArrayList<>();
        second.path("input").forEach(item -> types.add(item.path("type").asText()));
        assertThat(types).endsWith("function_call", "function_call_output", "message");
    }

    @Test
    void interruptAbortsAStalledModelRequest() throws Exception {
        model.stall(Duration.ofSeconds(20));
        Codex codex = start("never", "read-only");
        String subId = codex.submit(new Op.UserInput(List.of(new InputItem.Text("take your time"))));
        List<Event> events = new ArrayList<>();
        AgentHarness.awaitEvent(codex, EventMsg.UserMessage.class, events);

        codex.submit(new Op.Interrupt());
        EventMsg.TurnAborted aborted = AgentHarness.awaitEvent(codex, EventMsg.TurnAborted.class, events);

        assertThat(aborted.reason()).isEqualTo(TurnAbortReason.INTERRUPTED);
        assertThat(events.getLast().id()).isEqualTo(subId);
        assertThat(events.stream().map(e -> e.msg().type())).doesNotContain("task_complete", "error");
        assertThat(AgentHarness.events(codex).next(Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void applyPatchThroughTheShellWritesTheFileAndReportsTheDiff() throws Exception {
        String patch = "*** Begin Patch\n*** Add File: greeting.txt\n+hello from a patch\n*** End Patch\n";
        model.script(
                items("resp_1", shellCall("call_patch", List.of("apply_patch", patch))), answer("resp_2", "Patched."));
        Codex codex = start("never", "danger-full-access");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "add a greeting", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(work.resolve("greeting.txt")).hasContent("hello from a patch");
        assertThat(turn.types()).containsSubsequence("patch_apply_begin", "patch_apply_end", "turn_diff");
        assertThat(turn.types()).doesNotContain("exec_command_begin");
        assertThat(turn.all(EventMsg.PatchApplyBegin.class).getFirst().autoApproved())
                .isTrue();
        assertThat(turn.all(EventMsg.PatchApplyEnd.class).getFirst().success()).isTrue();
        assertThat(turn.all(EventMsg.TurnDiff.class).getFirst().unifiedDiff()).contains("+hello from a patch");
        JsonNode output = modelOutput(model.requests().get(1), "call_patch");
        assertThat(output.path("output").asText())
                .startsWith("Success. Updated the following files:\n")
                .contains("greeting.txt");
        assertThat(output.path("metadata").path("exit_code").asInt()).isZero();
    }

    @Test
    void patchOutsideTheWorkspaceIsRejectedUnderNever() throws Exception {
        // not under the workspace, /tmp or $TMPDIR
        Path outside = io.codexquarkus.testing.OutsideDirectory.create("agent-patch-outside-")
                .resolve("file.txt");
        String patch = "*** Begin Patch\n*** Add File: " + outside + "\n+nope\n*** End Patch\n";
        model.script(
                items("resp_1", shellCall("call_patch", List.of("apply_patch", patch))), answer("resp_2", "Refused."));
        Codex codex = start("never", "workspace-write");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "write outside", AgentHarness.NO_APPROVAL);

        assertThat(turn.completed()).isTrue();
        assertThat(outside).doesNotExist();
        assertThat(turn.types()).doesNotContain("patch_apply_begin");
        assertThat(functionCallOutput(model.requests().get(1), "call_patch"))
                .isEqualTo("patch rejected: writing outside of the project; rejected by user approval settings");
    }

    @Test
    void approvedForSessionIsNotAskedAgainButOtherCommandsAre() throws Exception {
        Files.writeString(work.resolve("hello.txt"), "b\na\n");
        List<String> sort = List.of("sort", "hello.txt");
        List<String> reverse = List.of("sort", "-r", "hello.txt");
        model.script(
                items("resp_1", shellCall("call_1", sort)),
                items("resp_2", shellCall("call_2", sort), shellCall("call_3", reverse)),
                answer("resp_3", "Sorted both ways."));
        Codex codex = start("untrusted", "read-only");
        List<EventMsg.ExecApprovalRequest> asked = new ArrayList<>();

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "sort it", request -> {
            asked.add(request);
            return request.callId().equals("call_1") ? ReviewDecision.APPROVED_FOR_SESSION : ReviewDecision.APPROVED;
        });

        assertThat(turn.completed()).as(turn.types().toString()).isTrue();
        assertThat(asked).extracting(EventMsg.ExecApprovalRequest::callId).containsExactly("call_1", "call_3");
        assertThat(turn.all(EventMsg.ExecCommandBegin.class))
                .extracting(EventMsg.ExecCommandBegin::callId)
                .containsExactly("call_1", "call_2", "call_3");
        assertThat(modelOutput(model.requests().get(1), "call_1").path("output").asText())
                .isEqualTo("a\nb\n");
        JsonNode third = model.requests().get(2);
        assertThat(modelOutput(third, "call_2").path("output").asText()).isEqualTo("a\nb\n");
        assertThat(modelOutput(third, "call_3").path("output").asText()).isEqualTo("b\na\n");
    }

    @Test
    void deniedCommandDoesNotRunAndTheModelIsTold() throws Exception {
        model.script(
                items("resp_1", shellCall("call_touch", List.of("touch", "created.txt"))),
                answer("resp_2", "Understood."));
        Codex codex = start("untrusted", "workspace-write");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "touch it", request -> ReviewDecision.DENIED);

        assertThat(turn.completed()).isTrue();
        assertThat(turn.types()).contains("exec_approval_request").doesNotContain("exec_command_begin");
        assertThat(work.resolve("created.txt")).doesNotExist();
        assertThat(functionCallOutput(model.requests().get(1), "call_touch"))
                .isEqualTo("exec command rejected by user");
    }

    @Test
    void abortAnswerInterruptsTheTurn() throws Exception {
        model.script(items("resp_1", shellCall("call_touch", List.of("touch", "created.txt"))));
        Codex codex = start("untrusted", "workspace-write");

        AgentHarness.Turn turn = AgentHarness.runTurn(codex, "touch it", request -> ReviewDecision.ABORT);

        assertThat(turn.aborted()).as(turn.types().toString()).isTrue();
        assertThat(turn.all(EventMsg.TurnAborted.class).getFirst().reason()).isEqualTo(TurnAbortReason.INTERRUPTED);
        assertThat(turn.types()).doesNotContain("exec_command_begin", "task_complete");
        assertThat(work.resolve("created.txt")).doesNotExist();
        assertThat(model.requests()).hasSize(1);
        assertThat(AgentHarness.events(codex).next(Duration.ofMillis(300))).isEmpty();
    }

    @Test
    void interruptWhileAwaitingApprovalAbortsWithoutRunning() throws Exception {
        model.script(items("resp_1", shellCall("call_touch", List.of("touch", "created.txt"))));
        Codex codex = start("untrusted", "workspace-write");
        String subId = codex.submit(new Op.UserInput(List.of(new InputItem.Text("touch it"))));
        List<Event> events = new ArrayList<>();
        AgentHarness.awaitEvent(codex, EventMsg.ExecApprovalRequest.class, events);

        codex.submit(new Op.Interrupt());
        AgentHarness.awaitEvent(codex, EventMsg.TurnAborted.class, events);

        assertThat(events.getLast().id()).isEqualTo(subId);
        assertThat(events.stream().map(e -> e.msg().type())).doesNotContain("exec_command_begin", "task_complete");
        assertThat(work.resolve("created.txt")).doesNotExist();
        assertThat(AgentHarness.events(codex).next(Duration.ofMillis(300))).isEmpty();
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void resumedSessionSendsTheEarlierItemsToTheModel() throws Exception {
        model.script(
                items("resp_1", shellCall("call_1", List.of("echo", "avocado"))),
                answer("resp_2", "I will remember avocado."),
                answer("resp_3", "The word was avocado."));
        Codex first = start("never", "read-only");
        AgentHarness.runTurn(first, "remember the word the shell prints", AgentHarness.NO_APPROVAL);
        first.shutdown(Duration.ofSeconds(5));

        Codex resumed = harness.resume(harness.config(work, "never", "read-only"), first.rolloutPath());
        AgentHarness.Turn turn = AgentHarness.runTurn(resumed, "which word was it?", AgentHarness.NO_APPROVAL);

        assertThat(resumed.conversationId()).isEqualTo(first.conversationId());
        assertThat(turn.all(EventMsg.TaskComplete.class).getFirst().lastAgentMessage())
                .isEqualTo("The word was avocado.");
        JsonNode third = model.requests().get(2);
        assertThat(third.path("prompt_cache_key").asText()).isEqualTo(first.conversationId());
        List<String> texts = messageTexts(third);
        assertThat(texts)
                .containsSubsequence(
                        "remember the word the shell prints", "I will remember avocado.", "which word was it?");
        assertThat(texts.getLast()).isEqualTo("which word was it?");
        assertThat(texts.stream().filter(t -> t.startsWith("<environment_context>")))
                .as("the initial context is not added again")
                .hasSize(1);
        assertThat(modelOutput(third, "call_1").path("output").asText()).isEqualTo("avocado\n");
    }
}
