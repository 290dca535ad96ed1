package io.codexquarkus.mcp.transport;

import io.codexquarkus.mcp.jsonrpc.JsonRpcCodec;
import io.codexquarkus.mcp.jsonrpc.JsonRpcMessage;
import io.smallrye.mutiny.Multi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Newline-delimited JSON-RPC over a pair of streams. Incoming lines are a Mutiny stream subscribed on a dedicated
 * platform thread (a blocking read on the consuming thread would hold back the first reply until the next line
 * arrives); outgoing messages go through one queue drained by a single writer thread, so concurrent senders never
 * interleave and every line is flushed on its own.
 */
public final class StdioTransport implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StdioTransport.class);
    /** Not valid JSON, so no message can be mistaken for the end marker. */
    private static final String END = "\u0000end";

    private final InputStream in;
    private final OutputStream out;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(daemon("mcp-stdin"));
    private final LinkedBlockingQueue<String> outgoing = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean outputBroken;

    public StdioTransport(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
        this.writer = Thread.ofPlatform().daemon().name("mcp-stdout").start(this::writeLoop);
    }

    /**
     * Incoming lines; completes at end of input. The blocking reads run on their own platform thread, started when
     * the stream is subscribed: the subscriber's demand must never wait behind a blocked read (running the read loop
     * inside {@code runSubscriptionOn} would queue the request behind it, and no line would arrive before EOF).
     */
    public Multi<String> incoming() {
        return Multi.createFrom()
                .emitter(emitter -> reader.execute(() -> {
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while (!emitter.isCancelled() && (line = lines.readLine()) != null) {
                            emitter.emit(line);
                        }
                        emitter.complete();
                    } catch (IOException e) {
                        LOG.debugf("stdin closed: %s", e.getMessage());
                        emitter.complete();
                    }
                }));
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
        reader.shutdownNow();
        writer.interrupt();
        try {
            reader.awaitTermination(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
