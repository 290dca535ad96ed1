package io.codexquarkus.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.exec.CompactionModel.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Automatic compaction end to end through {@code exec} on both wire APIs: the usage limit, the provider's "context
 * window exceeded" answer, the {@code compacted} rollout line, and {@code exec resume} in a fresh runtime (as after a
 * restart) sending the compacted history.
 */
class ExecCompactionTest {
    private static final String EARLIER = "EARLIER-ASSISTANT-TEXT about apples";
    private static final String SUMMARY = "SUMMARY: the user wants apples counted; 3 found so far.";

    @TempDir
    Path home;

    @TempDir
    Path work;

    private CompactionModel model;

    @AfterEach
    void stop() {
        if (model != null) {
            model.close();
        }
    }

    private InProcessExec.Run exec(String prompt) throws InterruptedException {
        ExecOptions json =
                new ExecOptions(Optional.of(prompt), List.of(), true, Optional.empty(), false, true, Optional.empty());
        return InProcessExec.run(home, work, json, "");
    }

    private InProcessExec.Run resumeLast(String prompt) throws InterruptedException {
        ExecOptions json = new ExecOptions(
                Optional.of(prompt),
                List.of(),
                true,
                Optional.empty(),
                false,
                true,
                Optional.of(new ExecOptions.ResumeTarget.Last()));
        return InProcessExec.run(home, work, json, "");
    }

    private static String joined(List<String> texts) {
        return String.join("\n", texts);
    }

    private List<String> rolloutLines() throws IOException {
        Path sessions = new CodexHome(home).sessionsDir();
        try (var files = Files.walk(sessions)) {
            Path rollout = files.filter(p -> p.getFileName().toString().startsWith("rollout-"))
                    .findFirst()
                    .orElseThrow();
            return Files.readAllLines(rollout);
        }
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void usagePastTheLimitCompactsBeforeTheNextRequestAndResumeSendsTheCompactedHistory(Wire wire) throws Exception {
        model = new CompactionModel(wire);
        model.writeConfig(home, "model_auto_compact_token_limit = 1000");
        model.script(
                model.answerAndPlan(EARLIER, "call_1", 5_000),
                model.answer(SUMMARY, 6_000),
                model.answer("Counted: 3 apples.", 300));

        InProcessExec.Run run = exec("count the apples");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<JsonNode> requests = model.requests();
        assertThat(requests).hasSize(3);
        JsonNode summarisation = requests.get(1);
        List<String> asked = model.texts(summarisation);
        assertThat(asked.getLast()).startsWith("user: Stop the task for a moment");
        assertThat(joined(asked)).contains(EARLIER, "count the apples");
        assertThat(CompactionModel.offersTools(summarisation)).isFalse();

        List<String> after = model.texts(requests.get(2));
        assertThat(joined(after)).contains(SUMMARY, "count the apples").doesNotContain(EARLIER);
        assertThat(after).noneMatch(t -> t.startsWith("call: "));
        assertThat(after).anyMatch(t -> t.contains("<environment_context>"));
        assertThat(run.stdout()).contains("\"type\":\"context_compaction\"").contains("\"type\":\"turn.completed\"");

        List<String> lines = rolloutLines();
        JsonNode compacted = lines.stream()
                .map(Json::parse)
                .filter(l -> "compacted".equals(l.path("type").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(compacted.path("payload").path("message").asText()).isEqualTo(SUMMARY);
        assertThat(lines).anyMatch(l -> l.contains("\"type\":\"context_compacted\""));

        model.script(model.answer("Still 3.", 400));
        InProcessExec.Run resumed = resumeLast("how many again?");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        List<String> sent = model.texts(model.requests().getFirst());
        assertThat(joined(sent))
                .contains(SUMMARY, "Counted: 3 apples.", "how many again?")
                .doesNotContain(EARLIER);
        assertThat(sent.getLast()).isEqualTo("user: how many again?");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aContextWindowErrorCompactsAndRetriesTheRequestOnce(Wire wire) throws Exception {
        model = new CompactionModel(wire);
        model.writeConfig(home, "compact_prompt = \"CUSTOM-SUMMARY-PROMPT: summarise.\"");
        model.script(model.answer(EARLIER, 100));
        assertThat(exec("count the apples").exitCode()).isZero();

        model.script(
                CompactionModel.contextExceeded(), model.answer(SUMMARY, 900), model.answer("Counted: 3 apples.", 200));
        InProcessExec.Run resumed = resumeLast("and the pears?");

        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        List<JsonNode> requests = model.requests();
        assertThat(requests).hasSize(3);
        assertThat(model.texts(requests.get(0))).contains("user: and the pears?");
        assertThat(model.texts(requests.get(1)).getLast()).isEqualTo("user: CUSTOM-SUMMARY-PROMPT: summarise.");
        List<String> retried = model.texts(requests.get(2));
        assertThat(joined(retried))
                .contains(SUMMARY, "count the apples", "and the pears?")
                .doesNotContain(EARLIER);
        assertThat(resumed.stdout()).contains("\"type\":\"context_compaction\"").contains("Counted: 3 apples.");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void aSecondContextWindowErrorAfterCompactionEndsTheTurn(Wire wire) throws Exception {
        model = new CompactionModel(wire);
        model.writeConfig(home, "");
        model.script(CompactionModel.contextExceeded(), model.answer(SUMMARY, 900), CompactionModel.contextExceeded());

        InProcessExec.Run run = exec("count the apples");

        assertThat(model.requests()).hasSize(3);
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stdout()).contains("\"type\":\"turn.failed\"").contains("context window");
    }
}
