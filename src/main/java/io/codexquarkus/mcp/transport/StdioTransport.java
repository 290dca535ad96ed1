package io.codexquarkus.mcp.transport;

import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.jsonrpc.JsonRpcCodec;
import io.codexquarkus.mcp.jsonrpc.JsonRpcMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Newline-delimited JSON-RPC over a pair of streams. Incoming lines are read on a dedicated platform thread, bounded
 * by {@code maxMessageBytes} (a longer line is skipped, never held); outgoing messages go through one queue drained by
 * a single writer thread, so concurrent senders never interleave and every line is flushed on its own. An
 * {@link Error} on either thread goes to {@code fatal}: a server that can no longer read or write must not stay
 * alive and deaf (the CLI ends the process, so the client sees it and can restart it).
 */
public final class StdioTransport implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StdioTransport.class);
    /** Not valid JSON, so no message can be mistaken for the end marker. */
    private static final String END = "\u0000end";

    private final InputStream in;
    private final OutputStream out;
    private final long maxMessageBytes;
    private final Consumer<Error> fatal;
    private final LinkedBlockingQueue<String> outgoing = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile Thread reader;
    private volatile boolean outputBroken;

    public StdioTransport(InputStream in, OutputStream out, long maxMessageBytes, Consumer<Error> fatal) {
        this.in = in;
        this.out = out;
        // a line is one Java array, and Jackson reads strings up to Json.MAX_STRING_LENGTH: larger settings mean that
        this.maxMessageBytes = Math.clamp(maxMessageBytes, 1, Json.MAX_STRING_LENGTH);
        this.fatal = fatal;
        this.writer = Thread.ofPlatform().daemon().name("mcp-stdout").start(this::writeLoop);
    }

    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * Starts reading: every line goes to {@code onFrame}, on the reading thread and in order. The future completes at
     * end of input (or when the input fails), and exceptionally when the reader hit an Error.
     */
    public CompletableFuture<Void> read(Consumer<Frame> onFrame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        reader = Thread.ofPlatform().daemon().name("mcp-stdin").start(() -> {
            try {
                LineReader lines = new LineReader(in, maxMessageBytes);
                Frame frame;
                long ordinal = 0;
                while (!Thread.currentThread().isInterrupted() && (frame = lines.next()) != null) {
                    if (in instanceof EarlyInput early && frame instanceof Frame.Line line && early.answered(ordinal)) {
                        frame = line.answeredEarly();
                    }
                    ordinal++;
                    try {
                        onFrame.accept(frame);
                    } catch (RuntimeException e) {
                        // a bug in handling one message must not end the reading of all the others
                        LOG.errorf("handling a message failed: %s", e);
                    }
                }
                done.complete(null);
            } catch (IOException e) {
                LOG.debugf("stdin closed: %s", e.getMessage());
                done.complete(null);
            } catch (RuntimeException e) {
                LOG.errorf("reading stdin failed: %s", e);
                done.completeExceptionally(e);
            } catch (Error e) {
                done.completeExceptionally(e);
                fatal.accept(e);
            }
        });
        return done;
    }

    /** Queues a message for the client (thread-safe, never blocks). */
    public void send(JsonRpcMessage message) {
        if (!outputBroken) {
            outgoing.add(JsonRpcCodec.encode(message));
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                String line = outgoing.take();
                if (END.equals(line)) {
                    return;
                }
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            outputBroken = true;
            LOG.debugf("stdout closed: %s", e.getMessage());
        } catch (Error e) {
            outputBroken = true;
            outgoing.clear();
            fatal.accept(e);
        }
    }

    /** Writes what is queued (bounded by {@code timeout}) and stops both threads. */
    public void drainAndClose(Duration timeout) {
        outgoing.add(END);
        try {
            writer.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        Thread current = reader;
        if (current != null) {
            current.interrupt();
        }
        writer.interrupt();
    }
}
