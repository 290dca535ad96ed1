package io.codexquarkus.mcp.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's stdin while the runtime is still booting: a platform thread reads the real stdin from the first
 * moment, offers each whole line to an {@link Answerer} that may answer it at once (the client's {@code initialize}
 * and {@code tools/list} need nothing the boot prepares), and passes every byte on, unchanged and in order, to
 * whoever reads this stream: the server's {@link StdioTransport}, once it is up. Its first read ends the early phase:
 * from then on only the server writes to stdout, so the two writers never overlap. The transport asks {@link
 * #answered} for each line it reads, so a line answered early updates the server's state without a second answer.
 */
public final class EarlyInput extends InputStream {
    /** Answers one line before the server is up, or declines; called on the reading thread, never concurrently. */
    @FunctionalInterface
    public interface Answerer {
        /** What became of {@code line[0..length)} (without its line ending). */
        Outcome answer(byte[] line, int length);
    }

    /** What the {@link Answerer} did with a line. */
    public enum Outcome {
        /** Answered: the server replays it for its state and sends no answer of its own. */
        ANSWERED,
        /** Needs no answer (a notification, a blank line): the server handles it as usual; the early phase goes on. */
        PASSED,
        /**
         * Left to the server, and with it every later line, so answers never overtake the requests before them: the
         * early phase ends.
         */
        DECLINED
    }

    /** Lines longer than this are never answered early (initialize and tools/list requests are small). */
    static final int MAX_EARLY_LINE = 256 * 1024;

    private static final int CHUNK = 64 * 1024;
    private static final byte[] END = new byte[0];

    private final InputStream source;
    private final Answerer answerer;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
    private final Set<Long> answeredLines = ConcurrentHashMap.newKeySet();
    private final Object phase = new Object();
    private boolean early = true;
    private volatile IOException failure;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    private EarlyInput(InputStream source, Answerer answerer) {
        this.source = source;
        this.answerer = answerer;
    }

    /** Starts reading {@code source} at once on a daemon thread. */
    public static EarlyInput start(InputStream source, Answerer answerer) {
        EarlyInput input = new EarlyInput(source, answerer);
        Thread.ofPlatform().daemon().name("mcp-stdin-early").start(input::pump);
        return input;
    }

    /** Whether line {@code ordinal} (0 for the first line of the stream) was answered early. */
    public boolean answered(long ordinal) {
        return answeredLines.contains(ordinal);
    }

    private void pump() {
        byte[] buffer = new byte[CHUNK];
        byte[] line = new byte[1024];
        int lineLength = 0;
        long ordinal = 0;
        boolean inspecting = true;
        try {
            int read;
            while ((read = source.read(buffer)) >= 0) {
                if (inspecting && !isEarly()) {
                    // the server took over between two reads: what is held of a line goes first
                    inspecting = false;
                    forward(Arrays.copyOf(line, lineLength));
                    lineLength = 0;
                }
                if (!inspecting) {
                    forward(Arrays.copyOf(buffer, read));
                    continue;
                }
                int from = 0;
                for (int i = 0; i < read && inspecting; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    int count = i - from;
                    if (lineLength + count > MAX_EARLY_LINE) {
                        inspecting = false;
                        break;
                    }
                    line = append(line, lineLength, buffer, from, count);
                    lineLength += count;
                    int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                    inspecting = offer(line, length, ordinal);
                    // the line goes on either way, after its answer: the server sees the stream as the client sent it
                    byte[] whole = Arrays.copyOf(line, lineLength + 1);
                    whole[lineLength] = '\n';
                    forward(whole);
                    ordinal++;
                    lineLength = 0;
                    from = i + 1;
                }
                if (inspecting) {
                    int rest = read - from;
                    if (lineLength + rest > MAX_EARLY_LINE) {
                        inspecting = false;
                    } else {
                        line = append(line, lineLength, buffer, from, rest);
                        lineLength += rest;
                        continue;
                    }
                }
                // the early phase is over: what was held of the current line, then the rest of this chunk
                if (lineLength > 0) {
                    forward(Arrays.copyOf(line, lineLength));
                    lineLength = 0;
                }
                if (from < read) {
                    forward(Arrays.copyOfRange(buffer, from, read));
                }
            }
            if (lineLength > 0) {
                forward(Arrays.copyOf(line, lineLength));
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("stdin reader interrupted");
        }
        endEarly();
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Offers a whole line while the early phase lasts; false once the phase is over (for this line and after). */
    private boolean offer(byte[] line, int length, long ordinal) {
        synchronized (phase) {
            if (!early) {
                return false;
            }
            switch (answerer.answer(line, length)) {
                case ANSWERED -> answeredLines.add(ordinal);
                case PASSED -> {}
                case DECLINED -> early = false;
            }
            return early;
        }
    }

    private boolean isEarly() {
        synchronized (phase) {
            return early;
        }
    }

    private void endEarly() {
        synchronized (phase) {
            early = false;
        }
    }

    private void forward(byte[] bytes) throws InterruptedException {
        if (bytes.length > 0) {
            chunks.put(bytes);
        }
    }

    private static byte[] append(byte[] line, int length, byte[] from, int offset, int count) {
        byte[] target = line;
        if (length + count > target.length) {
            target = Arrays.copyOf(target, Math.max(target.length * 2, length + count));
        }
        System.arraycopy(from, offset, target, length, count);
        return target;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        endEarly(); // the server reads: from here on it alone answers
        if (len == 0) {
            return 0;
        }
        if (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading stdin");
            }
            position = 0;
            if (current == END) {
                ended = true;
                IOException failed = failure;
                if (failed != null) {
                    throw failed;
                }
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }
}
