package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExecOutputFormatterTest {
    private static final String BYTE_MARKER = "\n[... output truncated to fit 10240 bytes ...]\n\n";

    private static ExecOutput output(int exitCode, String aggregated, Duration duration, boolean timedOut) {
        return new ExecOutput(exitCode, aggregated, "", aggregated, duration, timedOut, Optional.empty());
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line-" + i + "\n").collect(Collectors.joining());
    }

    @Test
    void leavesOutputWithinLimitsUnchanged() {
        String content = "example output\n".repeat(10);
        assertThat(ExecOutputFormatter.truncate(content)).isSameAs(content);
        String exactlyAtLimits = "x".repeat(39) + "\n";
        assertThat(ExecOutputFormatter.truncate(exactlyAtLimits.repeat(256))).isEqualTo(exactlyAtLimits.repeat(256));
        assertThat(ExecOutputFormatter.truncate("")).isEmpty();
    }

    @Test
    void truncatesTwoThousandFiveHundredRepeatedLines() {
        String line = "a very long line of compiler output that should trigger truncation\n";
        String content = line.repeat(2_500);

        String truncated = ExecOutputFormatter.truncate(content);

        Matcher m = Pattern.compile("(?s)^Total output lines: 2500\n\n(?<body>"
                        + Pattern.quote(line)
                        + ".*\n\\[\\.{3} omitted 2244 of 2500 lines \\.{3}]\n\n.*)$")
                .matcher(truncated);
        assertThat(m.matches()).as(truncated).isTrue();
        assertThat(utf8(m.group("body"))).isLessThanOrEqualTo(10_240);
        assertThat(truncated).endsWith(line);
        assertThat(truncated).doesNotContain("output truncated to fit");
    }

    @Test
    void reportsOmittedLinesAndKeepsHeadAndTail() {
        String content = lines(0, 356);

        String truncated = ExecOutputFormatter.truncate(content);

        assertThat(truncated)
                .isEqualTo("Total output lines: 356\n\n"
                        + lines(0, 128)
                        + "\n[... omitted 100 of 356 lines ...]\n\n"
                        + lines(228, 356));
    }

    @Test
    void prefersTheLineMarkerWhenBothLimitsAreExceeded() {
        String longPart = "x".repeat(256);
        String content = IntStream.range(0, 298)
                .mapToObj(i -> "line-" + i + "-" + longPart + "\n")
                .collect(Collectors.joining());
        String marker = "\n[... omitted 42 of 298 lines ...]\n\n";

        String truncated = ExecOutputFormatter.truncate(content);

        assertThat(truncated).contains("[... omitted 42 of 298 lines ...]").doesNotContain("output truncated to fit");
        int tailBytes = 10_240 - 5_120 - marker.length();
        assertThat(truncated)
                .isEqualTo("Total output lines: 298\n\n"
                        + content.substring(0, 5_120)
                        + marker
                        + content.substring(content.length() - tailBytes));
        assertThat(utf8(truncated) - "Total output lines: 298\n\n".length()).isEqualTo(10_240);
    }

    @Test
    void marksByteTruncationWithoutOmittedLines() {
        String content = "a".repeat(10_290);

        String truncated = ExecOutputFormatter.truncate(content);

        assertThat(truncated).isEqualTo("Total output lines: 1\n\n" + "a".repeat(5_120) + BYTE_MARKER);
        assertThat(truncated).doesNotContain("omitted");
    }

    @Test
    void byteTruncationOfFewerLinesThanTheHeadKeepsOnlyTheHead() {
        // all lines belong to the head, so nothing is left for the tail (as upstream)
        String content = "a".repeat(6_000) + "\n" + "b".repeat(6_000) + "\n";

        assertThat(ExecOutputFormatter.truncate(content))
                .isEqualTo("Total output lines: 2\n\n" + "a".repeat(5_120) + BYTE_MARKER);
    }

    @Test
    void byteTruncationKeepsTheTailBeyondTheHeadLines() {
        String content = "h\n".repeat(128) + "a".repeat(6_000) + "\n" + "b".repeat(6_000) + "\n";

        String truncated = ExecOutputFormatter.truncate(content);

        int tailBytes = 10_240 - 256 - BYTE_MARKER.length();
        assertThat(truncated)
                .isEqualTo("Total output lines: 130\n\n"
                        + "h\n".repeat(128)
                        + BYTE_MARKER
                        + content.substring(content.length() - tailBytes));
    }

    @Test
    void neverSplitsMultiByteCharacters() {
        String euro = "€"; // 3 bytes
        String single = euro.repeat(4_000);
        String truncated = ExecOutputFormatter.truncate(single);
        assertThat(truncated).isEqualTo("Total output lines: 1\n\n" + euro.repeat(1_706) + BYTE_MARKER);

        String emojiLine = "😀".repeat(50) + "\n"; // 201 bytes
        String content = emojiLine.repeat(300);
        String marker = "\n[... omitted 44 of 300 lines ...]\n\n";
        String result = ExecOutputFormatter.truncate(content);

        String prefix = "Total output lines: 300\n\n";
        assertThat(result).startsWith(prefix).doesNotContain("\uFFFD");
        String body = result.substring(prefix.length());
        String head = body.substring(0, body.indexOf(marker));
        String tail = body.substring(body.indexOf(marker) + marker.length());
        // 25 whole lines (5 025 bytes) and 23 emoji (92 bytes): the 24th would cross 5 120 bytes
        assertThat(head).isEqualTo(emojiLine.repeat(25) + "😀".repeat(23));
        int tailBudget = 10_240 - utf8(head) - marker.length();
        assertThat(content).endsWith(tail);
        assertThat(utf8(tail)).isLessThanOrEqualTo(tailBudget).isGreaterThan(tailBudget - 4);
        assertThat(tail.codePointAt(0)).isIn("😀".codePointAt(0), (int) '\n');
    }

    @Test
    void countsAFinalUnterminatedLineAndHandlesHugeOutput() {
        String content = "x\n".repeat(300) + "last";
        String truncated = ExecOutputFormatter.truncate(content);
        assertThat(truncated).startsWith("Total output lines: 301\n\n").endsWith("x\nlast");
        assertThat(truncated).contains("[... omitted 45 of 301 lines ...]");

        String huge = "\n".repeat(20_000_000);
        assertThat(ExecOutputFormatter.truncate(huge))
                .isEqualTo("Total output lines: 20000000\n\n"
                        + "\n".repeat(128)
                        + "\n[... omitted 19999744 of 20000000 lines ...]\n\n"
                        + "\n".repeat(128));
    }

    @Test
    void wrapsOutputInTheModelEnvelope() {
        String json = ExecOutputFormatter.formatForModel(output(0, "hi\n", Duration.ofMillis(1_234), false));
        assertThat(json).isEqualTo("{\"output\":\"hi\\n\",\"metadata\":{\"exit_code\":0,\"duration_seconds\":1.2}}");

        String failed = ExecOutputFormatter.formatForModel(output(2, "", Duration.ofMillis(1_250), false));
        assertThat(failed).isEqualTo("{\"output\":\"\",\"metadata\":{\"exit_code\":2,\"duration_seconds\":1.3}}");

        String quick = ExecOutputFormatter.formatForModel(output(0, "", Duration.ofMillis(3), false));
        assertThat(quick).endsWith("\"duration_seconds\":0.0}}");
    }

    @Test
    void escapesControlCharactersLikeSerdeJson() {
        String json =
                ExecOutputFormatter.formatForModel(output(1, "\u001b[31mred\u001b[0m\t\"q\"\\", Duration.ZERO, false));
        assertThat(json)
                .startsWith("{\"output\":\"\\u001b[31mred\\u001b[0m\\t\\\"q\\\"\\\\\",")
                .contains("\"exit_code\":1");
        assertThat(Json.parse(json).get("output").asText()).isEqualTo("\u001b[31mred\u001b[0m\t\"q\"\\");
    }

    @Test
    void prefixesTimedOutOutput() {
        ExecOutput timedOut = output(124, "partial\n", Duration.ofMillis(10_003), true);

        assertThat(ExecOutputFormatter.formatOutput(timedOut))
                .isEqualTo("command timed out after 10003 milliseconds\npartial\n");
        JsonNode json = Json.parse(ExecOutputFormatter.formatForModel(timedOut));
        assertThat(json.get("output").asText()).startsWith("command timed out after 10003 milliseconds\n");
        assertThat(json.get("metadata").get("exit_code").asInt()).isEqualTo(124);
        assertThat(json.get("metadata").get("duration_seconds").asDouble()).isEqualTo(10.0);
    }

    @Test
    void truncatesTheTimeoutPrefixTogetherWithTheOutput() {
        ExecOutput timedOut = output(124, lines(0, 300), Duration.ofMillis(500), true);

        String formatted = ExecOutputFormatter.formatOutput(timedOut);

        assertThat(formatted)
                .startsWith("Total output lines: 301\n\ncommand timed out after 500 milliseconds\nline-0\n")
                .contains("[... omitted 45 of 301 lines ...]")
                .endsWith("line-299\n");
    }

    @Test
    void roundsDurationToOneDecimalInSinglePrecision() {
        assertThat(ExecOutputFormatter.roundedSeconds(Duration.ofMillis(49))).isEqualTo(0.0f);
        assertThat(ExecOutputFormatter.roundedSeconds(Duration.ofMillis(51))).isEqualTo(0.1f);
        assertThat(ExecOutputFormatter.roundedSeconds(Duration.ofMillis(12_345)))
                .isEqualTo(12.3f);
        assertThat(ExecOutputFormatter.roundedSeconds(Duration.ofSeconds(90))).isEqualTo(90.0f);
    }
}
