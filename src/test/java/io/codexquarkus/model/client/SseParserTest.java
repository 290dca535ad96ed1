package io.codexquarkus.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SSE parser on hand-picked streams, on every split point, on seeded random streams and on one 30 MiB event. */
class SseParserTest {
    private static List<String> parse(String stream, int... cuts) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        SseParser parser = new SseParser();
        List<String> events = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            events.addAll(parser.feed(bytes, from, cut - from));
            from = cut;
        }
        events.addAll(parser.feed(bytes, from, bytes.length - from));
        return events;
    }

    @Test
    void readsTheFieldsAsTheSpecificationSays() {
        assertThat(parse("data: a\n\n")).containsExactly("a");
        assertThat(parse("event: x\ndata: a\nid: 1\nretry: 5\n\n")).containsExactly("a");
        assertThat(parse("data:a\ndata:  b\n\n")).containsExactly("a\n b");
        assertThat(parse(": keep-alive\n\ndata: a\n\n")).containsExactly("a");
        assertThat(parse("data\n\n")).containsExactly("");
        assertThat(parse("data: a\r\n\r\ndata: b\r\rdata: c\n\n")).containsExactly("a", "b", "c");
        assertThat(parse("datum: a\n\n")).isEmpty();
        assertThat(parse("data: [DONE]\n\n")).containsExactly("[DONE]");
        assertThat(parse("data: unfinished\n"))
                .as("no blank line: never dispatched")
                .isEmpty();
        assertThat(parse("\n\n\r\n")).isEmpty();
    }

    @Test
    void everySplitPointGivesTheSameEvents() {
        String stream = "event: a\r\ndata: {\"x\":\"é✓𝄞\"}\r\n\r\n: c\rdata: two\rdata: lines\r\rdata: z\n\n";
        List<String> whole = parse(stream);
        assertThat(whole).containsExactly("{\"x\":\"é✓𝄞\"}", "two\nlines", "z");
        int length = stream.getBytes(StandardCharsets.UTF_8).length;
        for (int i = 0; i <= length; i++) {
            for (int j = i; j <= length; j++) {
                assertThat(parse(stream, i, j)).as("cut at %d and %d", i, j).isEqualTo(whole);
            }
        }
    }

    @Test
    void seededRandomStreamsInRandomChunks() {
        Random random = new Random(20261206L);
        String[] endings = {"\n", "\r\n", "\r"};
        String alphabet = "ab:c d\u00e9\u2713\ud834\udd1e{}\"[]";
        for (int round = 0; round < 500; round++) {
            StringBuilder stream = new StringBuilder();
            List<String> expected = new ArrayList<>();
            int count = random.nextInt(6);
            for (int e = 0; e < count; e++) {
                List<String> lines = new ArrayList<>();
                int lineCount = 1 + random.nextInt(3);
                for (int l = 0; l < lineCount; l++) {
                    StringBuilder line = new StringBuilder();
                    int length = random.nextInt(12);
                    while (line.length() < length) {
                        int at = random.nextInt(alphabet.length());
                        char c = alphabet.charAt(at);
                        if (Character.isHighSurrogate(c)) {
                            line.append(c).append(alphabet.charAt(at + 1));
                        } else if (!Character.isLowSurrogate(c)) {
                            line.append(c);
                        }
                    }
                    lines.add(line.toString());
                }
                if (random.nextBoolean()) {
                    stream.append(": comment").append(endings[random.nextInt(3)]);
                }
                for (String line : lines) {
                    boolean spaced = random.nextBoolean(); // the one space after the colon is not data
                    stream.append("data:");
                    if (spaced || line.startsWith(" ")) {
                        stream.append(' ');
                    }
                    stream.append(line).append(endings[random.nextInt(3)]);
                }
                // a CR ending followed by a blank line that starts with LF would be one CR LF: avoid that ambiguity
                String ending = endings[random.nextInt(3)];
                if (stream.charAt(stream.length() - 1) == '\r' && ending.startsWith("\n")) {
                    ending = "\r";
                }
                stream.append(ending);
                expected.add(String.join("\n", lines));
            }
            byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
            int a = random.nextInt(bytes.length + 1);
            int b = a + random.nextInt(bytes.length - a + 1);
            assertThat(parse(stream.toString(), a, b))
                    .as("round %d: %s", round, stream)
                    .isEqualTo(expected);
        }
    }

    @Test
    void oneHugeEventInSmallChunks() {
        StringBuilder data = new StringBuilder(30 * 1024 * 1024);
        while (data.length() < 30 * 1024 * 1024) {
            data.append("0123456789abcdef✓");
        }
        byte[] bytes = ("data: " + data + "\n\ndata: next\n\n").getBytes(StandardCharsets.UTF_8);
        SseParser parser = new SseParser();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 8192) {
            events.addAll(parser.feed(bytes, i, Math.min(8192, bytes.length - i)));
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(data.toString());
        assertThat(events.get(1)).isEqualTo("next");
    }
}
