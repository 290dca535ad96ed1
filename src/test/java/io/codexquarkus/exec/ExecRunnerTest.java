package io.codexquarkus.exec;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.messageTexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.testing.MockModelServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExecRunner} in-process: which session {@code exec resume} continues, and the prompt's edge cases. */
class ExecRunnerTest {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    @BeforeEach
    void configure() {
        model.reset();
        model.writeConfig(home, "");
    }

    private InProcessExec.Run exec(String prompt) throws InterruptedException {
        return InProcessExec.run(home, work, InProcessExec.options(prompt), "");
    }

    private InProcessExec.Run resume(ExecOptions.ResumeTarget target, String prompt) throws InterruptedException {
        ExecOptions options = new ExecOptions(
                Optional.of(prompt), List.of(), true, Optional.empty(), false, true, Optional.of(target));
        return InProcessExec.run(home, work, options, "");
    }

    private static String threadId(InProcessExec.Run jsonRun) {
        return io.codexquarkus.common.Json.parse(
                        jsonRun.stdout().lines().findFirst().orElseThrow())
                .path("thread_id")
                .asText();
    }

    @Test
    void resumeByIdContinuesThatSessionAndNotTheNewest() throws Exception {
        model.script(
                answer("resp_1", "Apples noted."),
                answer("resp_2", "Pears noted."),
                answer("resp_3", "It was apples."));
        ExecOptions json = new ExecOptions(
                Optional.of("remember apples"), List.of(), true, Optional.empty(), false, true, Optional.empty());
        String apples = threadId(InProcessExec.run(home, work, json, ""));
        assertThat(exec("remember pears").exitCode()).isZero();

        InProcessExec.Run resumed = resume(new ExecOptions.ResumeTarget.ById(apples), "which fruit?");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(threadId(resumed)).isEqualTo(apples);
        JsonNode third = model.requests().get(2);
        assertThat(third.path("prompt_cache_key").asText()).isEqualTo(apples);
        List<String> texts = messageTexts(third);
        assertThat(texts).contains("remember apples", "Apples noted.").doesNotContain("remember pears");
        assertThat(texts.getLast()).isEqualTo("which fruit?");
    }

    @Test
    void resumeLastPicksTheNewestSession() throws Exception {
        model.script(
                answer("resp_1", "Apples noted."), answer("resp_2", "Pears noted."), answer("resp_3", "It was pears."));
        assertThat(exec("remember apples").exitCode()).isZero();
        assertThat(exec("remember pears").exitCode()).isZero();

        InProcessExec.Run resumed = resume(new ExecOptions.ResumeTarget.Last(), "which fruit?");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        List<String> texts = messageTexts(model.requests().get(2));
        assertThat(texts).contains("remember pears").doesNotContain("remember apples");
    }

    @Test
    void resumeOfAnUnknownSessionIsAUsageError() {
        assertThatThrownBy(() ->
                        resume(new ExecOptions.ResumeTarget.ById("01a2b3c4-0000-7000-8000-000000000000"), "hello"))
                .isInstanceOf(CodexException.class)
                .hasMessageContaining("01a2b3c4-0000-7000-8000-000000000000")
                .extracting(e -> ((CodexException) e).exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThatThrownBy(() -> resume(new ExecOptions.ResumeTarget.Last(), "hello"))
                .isInstanceOf(CodexException.class)
                .extracting(e -> ((CodexException) e).exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(model.requests()).isEmpty();
    }

    @Test
    void dashReadsStdinAndBlankStdinIsAUsageError() throws Exception {
        model.script(answer("resp_1", "Read it."));

        InProcessExec.Run run = InProcessExec.run(home, work, InProcessExec.options("-"), "from stdin\n");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(messageTexts(model.requests().getFirst()).getLast()).isEqualTo("from stdin\n");
        assertThatThrownBy(() -> InProcessExec.run(home, work, InProcessExec.options("-"), "  \n\t\n"))
                .isInstanceOf(CodexException.class)
                .hasMessage("No prompt provided via stdin.")
                .extracting(e -> ((CodexException) e).exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void failingCommandDoesNotFailTheRun() throws Exception {
        model.script(
                MockModelServer.items(
                        "resp_1", MockModelServer.shellCall("call_1", List.of("ls", "no-such-file-here"))),
                answer("resp_2", "It is not there."));

        InProcessExec.Run run = exec("look for the file");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
        assertThat(run.stderr()).contains("ls no-such-file-here exited 2 in ");
        assertThat(run.stdout()).isEqualTo("It is not there.\n");
    }

    @Test
    void escalationIsRefusedAndTheModelIsTold() throws Exception {
        model.script(
                MockModelServer.items(
                        "resp_1",
                        MockModelServer.escalatedShellCall(
                                "call_1", List.of("touch", "escalated.txt"), "May I create the file?")),
                answer("resp_2", "I may not escalate here."));

        InProcessExec.Run run = exec("create the file");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
        assertThat(run.stdout()).isEqualTo("I may not escalate here.\n");
        assertThat(work.resolve("escalated.txt")).doesNotExist();
        assertThat(MockModelServer.functionCallOutput(model.requests().get(1), "call_1"))
                .isEqualTo("approval policy is Never; reject command — you should not ask for escalated permissions"
                        + " if the approval policy is Never");
        assertThat(model.requests().getFirst().path("tools").findValues("sandbox_permissions"))
                .as("exec does not offer escalation")
                .isEmpty();
    }
}
