package io.codexquarkus.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ResponseItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compacted history: what it keeps, what it drops, and how a rollout's {@code compacted} line rebuilds it. */
class CompactedHistoryTest {
    private static final ResponseItem DEVELOPER = ResponseItem.Message.developer("be careful");
    private static final ResponseItem INSTRUCTIONS =
            ResponseItem.Message.user("<user_instructions>\n\nuse tabs\n\n</user_instructions>");
    private static final ResponseItem ENVIRONMENT =
            ResponseItem.Message.user("<environment_context>\n  <cwd>/a</cwd>\n</environment_context>");
    private static final ResponseItem MOVED =
            ResponseItem.Message.user("<environment_context>\n  <cwd>/b</cwd>\n</environment_context>");

    @TempDir
    Path dir;

    private static String text(ResponseItem item) {
        return ((ContentItem.InputText) ((ResponseItem.Message) item).content().getFirst()).text();
    }

    private static List<ResponseItem> conversation() {
        return List.of(
                DEVELOPER,
                INSTRUCTIONS,
                ENVIRONMENT,
                ResponseItem.Message.user("first question"),
                ResponseItem.Message.assistant("first answer"),
                new ResponseItem.FunctionCall(null, "shell", "{}", "call_1"),
                ResponseItem.FunctionCallOutput.of("call_1", "ok", true),
                MOVED,
                ResponseItem.Message.user("second question"));
    }

    @Test
    void keepsTheInitialContextTheNewestEnvironmentAndTheUsersWords() {
        List<ResponseItem> compacted = CompactedHistory.rebuild(conversation(), "the summary");

        assertThat(compacted).hasSize(5);
        assertThat(compacted.subList(0, 4)).containsExactly(DEVELOPER, INSTRUCTIONS, ENVIRONMENT, MOVED);
        String bridge = text(compacted.getLast());
        assertThat(bridge)
                .startsWith(CompactedHistory.BRIDGE_HEADER)
                .contains("first question\n\nsecond question", "the summary")
                .doesNotContain("first answer", "use tabs", "<cwd>");
    }

    @Test
    void anEarlierBridgeIsNotRepeatedAsAUserMessage() {
        List<ResponseItem> once = CompactedHistory.rebuild(conversation(), "first summary");
        List<ResponseItem> more = new ArrayList<>(once);
        more.add(ResponseItem.Message.user("third question"));

        String bridge = text(CompactedHistory.rebuild(more, "second summary").getLast());

        assertThat(bridge).contains("third question", "second summary").doesNotContain("first summary");
        assertThat(bridge.indexOf(CompactedHistory.BRIDGE_HEADER)).isZero();
        assertThat(bridge.lastIndexOf(CompactedHistory.BRIDGE_HEADER)).isZero();
    }

    @Test
    void userMessagesBeyondTheBudgetKeepTheNewest() {
        String big = String.join("", Collections.nCopies(60_000, "x"));
        String kept = CompactedHistory.newest(List.of("oldest " + big, "middle " + big, "newest"), 70_000);

        assertThat(kept).endsWith("newest").contains("middle ").doesNotContain("oldest ");
        assertThat(kept).startsWith("[1 earlier message(s) left out]");
        assertThat(kept.length()).isLessThan(70_100);

        String single = CompactedHistory.newest(List.of("start" + big + big + "end"), 1_000);
        assertThat(single).startsWith("start").endsWith("end").contains("characters left out");
        assertThat(single.length()).isLessThan(1_100);
    }

    @Test
    void aRolloutResumesFromItsCompactedLineWithOrWithoutTheReplacementHistory() throws Exception {
        List<ResponseItem> replacement = CompactedHistory.rebuild(conversation(), "the summary");
        List<String> lines = new ArrayList<>();
        lines.add(line("session_meta", "{\"id\":\"0199a213-81c0-7800-8aa1-bbab2a035a53\",\"timestamp\":\"t\"}"));
        for (ResponseItem item : conversation()) {
            lines.add(line("response_item", Json.write(item)));
        }
        Path plain = dir.resolve("plain.jsonl");
        List<String> messageOnly = new ArrayList<>(lines);
        messageOnly.add(line("compacted", "{\"message\":\"the summary\"}"));
        messageOnly.add(line("response_item", Json.write(ResponseItem.Message.assistant("after"))));
        Files.write(plain, messageOnly);
        Path full = dir.resolve("full.jsonl");
        List<String> withReplacement = new ArrayList<>(lines);
        withReplacement.add(line("compacted", Json.write(new CompactedItem("the summary", replacement))));
        withReplacement.add(line("response_item", Json.write(ResponseItem.Message.assistant("after"))));
        Files.write(full, withReplacement);

        List<ResponseItem> expected = new ArrayList<>(replacement);
        expected.add(ResponseItem.Message.assistant("after"));
        assertThat(RolloutReader.read(plain).history()).isEqualTo(expected);
        assertThat(RolloutReader.read(full).history()).isEqualTo(expected);
    }

    private static String line(String type, String payload) {
        return "{\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"type\":\"" + type + "\",\"payload\":" + payload + "}";
    }
}
