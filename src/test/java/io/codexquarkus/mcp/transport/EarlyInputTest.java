package io.codexquarkus.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.mcp.transport.EarlyInput.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link EarlyInput} on a real pipe: every byte reaches the reader unchanged and in order, whatever the answerer did;
 * lines are offered whole (CR of a CRLF dropped), answered ones are remembered by ordinal, a declined line ends the
 * early phase, and so does the reader's first read.
 */
class EarlyInputTest {
    private final Pipe pipe;
    private final OutputStream client;
    private final List<String> offered = new CopyOnWriteArrayList<>();

    EarlyInputTest() throws IOException {
        pipe = Pipe.open();
        client = Channels.newOutputStream(pipe.sink());
    }

    private EarlyInput start(CountDownLatch offers, String declineAt) {
        return EarlyInput.start(Channels.newInputStream(pipe.source()), (line, length) -> {
            String text = new String(line, 0, length, StandardCharsets.UTF_8);
            offered.add(text);
            offers.countDown();
            if (text.isBlank()) {
                return Outcome.PASSED;
            }
            return text.equals(declineAt) ? Outcome.DECLINED : Outcome.ANSWERED;
        });
    }

    private void send(String text) throws IOException {
        client.write(text.getBytes(StandardCharsets.UTF_8));
        client.flush();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesAreOfferedWholeAndEveryByteGoesOnInOrder() throws Exception {
        CountDownLatch offers = new CountDownLatch(4);
        EarlyInput input = start(offers, "stop");
        // split across writes, a CRLF ending, a blank line, then a declined line and what follows it
        send("fir");
        send("st\r\nsecond\n\n");
        send("stop\nafter\nand a tail");
        assertThat(offers.await(10, TimeUnit.SECONDS)).isTrue();
        client.close();
        assertThat(readAll(input)).isEqualTo("first\r\nsecond\n\nstop\nafter\nand a tail");
        assertThat(offered).containsExactly("first", "second", "", "stop");
        assertThat(input.answered(0)).isTrue();
        assertThat(input.answered(1)).isTrue();
        assertThat(input.answered(2)).as("a blank line passed, not answered").isFalse();
        assertThat(input.answered(3)).as("declined").isFalse();
        assertThat(input.answered(4)).as("after the early phase").isFalse();
    }

    @Test
    void theReadersFirstReadEndsTheEarlyPhaseAndKeepsAHeldPartialLine() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        EarlyInput input = start(first, "never");
        send("one\npart");
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        byte[] buffer = new byte[4];
        int n = input.read(buffer, 0, 4); // the server is up: "one\n" was forwarded, "part" is still held
        assertThat(new String(buffer, 0, n, StandardCharsets.UTF_8)).isEqualTo("one\n");
        send(" two\nthree\n");
        client.close();
        assertThat(readAll(input)).isEqualTo("part two\nthree\n");
        assertThat(offered).as("nothing is offered once the server reads").containsExactly("one");
        assertThat(input.answered(0)).isTrue();
        assertThat(input.answered(1)).isFalse();
    }

    @Test
    void aLongLineIsNeverOfferedAndArrivesIntact() throws Exception {
        CountDownLatch none = new CountDownLatch(1);
        EarlyInput input = start(none, "never");
        String big = "x".repeat(EarlyInput.MAX_EARLY_LINE + 10);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                send(big + "\nnext\n");
                client.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(readAll(input)).isEqualTo(big + "\nnext\n");
        writer.join(10_000);
        assertThat(offered).isEmpty();
    }
}
