package io.codexquarkus.tools.process;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.codexquarkus.common.Json;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What the model sees of a command (Codex's {@code format_exec_output_for_model}, late canonical form): {@code
 * {"output":"<text>","metadata":{"exit_code":N,"duration_seconds":X.Y}}}, where the text is the aggregated output,
 * prefixed with {@code command timed out after <ms> milliseconds\n} on timeout, and cut to {@value #MAX_BYTES} bytes
 * and {@value #MAX_LINES} lines by keeping its head and tail around an elision marker.
 */
public final class ExecOutputFormatter {
    /** Most bytes of output text the model sees. */
    public static final int MAX_BYTES = 10 * 1024;
    /** Most lines of output text the model sees. */
    public static final int MAX_LINES = 256;
    /** Lines kept from the start when truncating. */
    public static final int HEAD_LINES = MAX_LINES / 2;
    /** Lines kept from the end when truncating. */
    public static final int TAIL_LINES = MAX_LINES - HEAD_LINES;
    /** Byte budget of the kept head. */
    public static final int HEAD_BYTES = MAX_BYTES / 2;

    // serde_json writes control-character escapes in lower-case hex; match it byte for byte
    private static final ObjectWriter WRITER = Json.MAPPER.writer().without(JsonWriteFeature.WRITE_HEX_UPPER_CASE);

    private ExecOutputFormatter() {}

    @JsonPropertyOrder({"output", "metadata"})
    // Jackson writes these two; private, so registered for reflection here rather than in a JacksonTypes list
    @RegisterForReflection
    private record ModelPayload(
            @JsonProperty("output") String output,
            @JsonProperty("metadata") Metadata metadata) {}

    @JsonPropertyOrder({"exit_code", "duration_seconds"})
    @RegisterForReflection
    private record Metadata(
            @JsonProperty("exit_code") int exitCode,
            @JsonProperty("duration_seconds") float durationSeconds) {}

    /** The JSON string sent back to the model as the {@code shell} call's output. */
    public static String formatForModel(ExecOutput output) {
        ModelPayload payload = new ModelPayload(
                formatOutput(output), new Metadata(output.exitCode(), roundedSeconds(output.duration())));
        try {
            return WRITER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The output text the model sees, without the JSON envelope (also the {@code formatted_output} of {@code
     * exec_command_end}): the aggregated output, with the timeout prefix when timed out, truncated.
     */
    public static String formatOutput(ExecOutput output) {
        String text = output.aggregatedOutput();
        if (output.timedOut()) {
            text = "command timed out after " + output.duration().toMillis() + " milliseconds\n" + text;
        }
        return truncate(text);
    }

    /** Seconds rounded to one decimal, computed in single precision as Codex does. */
    static float roundedSeconds(Duration duration) {
        float seconds = duration.toNanos() / 1e9f;
        return Math.round(seconds * 10.0f) / 10.0f;
    }

    /**
     * {@code content} unchanged when it fits in {@value #MAX_BYTES} UTF-8 bytes and {@value #MAX_LINES} lines;
     * otherwise {@code Total output lines: <n>\n\n} followed by at most {@value #MAX_BYTES} bytes: the first
     * {@value #HEAD_LINES} lines (at most {@value #HEAD_BYTES} bytes), the marker {@code \n[... omitted <k> of <n>
     * lines ...]\n\n} (or {@code \n[... output truncated to fit 10240 bytes ...]\n\n} when no line was dropped) and
     * as much of the last {@value #TAIL_LINES} lines as fits. Cuts never split a UTF-8 character. A trailing newline
     * does not start a new line. With {@value #HEAD_LINES} lines or fewer, everything belongs to the head and no tail
     * is shown.
     */
    public static String truncate(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        int newlines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                newlines++;
            }
        }
        boolean unterminated = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
        int totalLines = newlines + (unterminated ? 1 : 0);
        if (bytes.length <= MAX_BYTES && totalLines <= MAX_LINES) {
            return content;
        }
        int headTake = Math.min(HEAD_LINES, totalLines);
        int tailTake = Math.min(TAIL_LINES, totalLines - headTake);
        int omitted = totalLines - headTake - tailTake;
        int headEnd = headTake > newlines ? bytes.length : afterNewline(bytes, headTake);
        int tailStart = tailTake == 0 ? bytes.length : afterNewline(bytes, totalLines - tailTake);

        String marker = omitted > 0
                ? "\n[... omitted " + omitted + " of " + totalLines + " lines ...]\n\n"
                : bytes.length > MAX_BYTES ? "\n[... output truncated to fit " + MAX_BYTES + " bytes ...]\n\n" : "";
        byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
        int headBudget = Math.min(HEAD_BYTES, Math.max(0, MAX_BYTES - markerBytes.length));
        int headLength = prefixAtCharBoundary(bytes, 0, headEnd, headBudget);
        int remaining = Math.max(0, MAX_BYTES - headLength - markerBytes.length);
        int tailFrom =
                remaining == 0 ? bytes.length : suffixStartAtCharBoundary(bytes, tailStart, bytes.length, remaining);

        StringBuilder result =
                new StringBuilder("Total output lines: ").append(totalLines).append("\n\n");
        result.append(new String(bytes, 0, headLength, StandardCharsets.UTF_8));
        result.append(marker);
        result.append(new String(bytes, tailFrom, bytes.length - tailFrom, StandardCharsets.UTF_8));
        return result.toString();
    }

    /** The offset just past the {@code n}-th newline ({@code n} ≥ 1 and at most the number of newlines), else 0. */
    private static int afterNewline(byte[] bytes, int n) {
        int seen = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && ++seen == n) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Length of the longest prefix of {@code bytes[from, to)} within {@code budget} that ends on a char boundary. */
    private static int prefixAtCharBoundary(byte[] bytes, int from, int to, int budget) {
        int end = to - from <= budget ? to : from + budget;
        while (end > from && end < to && isContinuation(bytes[end])) {
            end--;
        }
        return end - from;
    }

    /** Start of the longest suffix of {@code bytes[from, to)} within {@code budget} that starts on a char boundary. */
    private static int suffixStartAtCharBoundary(byte[] bytes, int from, int to, int budget) {
        int start = to - from <= budget ? from : to - budget;
        while (start < to && start > from && isContinuation(bytes[start])) {
            start++;
        }
        return start;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
