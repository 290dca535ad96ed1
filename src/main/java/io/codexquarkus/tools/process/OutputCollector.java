package io.codexquarkus.tools.process;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * The output buffers of one command: stdout, stderr and both interleaved in arrival order, each capped at {@link
 * ProcessRunner#MAX_CAPTURE_BYTES}. Forwards each chunk to the listener until {@link ProcessRunner#MAX_OUTPUT_DELTAS}
 * chunks were sent. One lock orders everything, so the aggregated buffer and the listener see the same sequence.
 */
final class OutputCollector {
    private static final Logger LOG = Logger.getLogger(OutputCollector.class);

    private final OutputListener listener;
    private final int capBytes;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream aggregated = new ByteArrayOutputStream();
    private int deltasSent;
    private long droppedBytes;
    private boolean sealed;

    OutputCollector(OutputListener listener, int capBytes) {
        this.listener = listener;
        this.capBytes = capBytes;
    }

    /** Records {@code length} bytes of {@code chunk} from {@code stream}; ignored once {@link #seal()} was called. */
    synchronized void append(ExecStream stream, byte[] chunk, int length) {
        if (sealed || length <= 0) {
            return;
        }
        keep(stream == ExecStream.STDOUT ? stdout : stderr, chunk, length);
        keep(aggregated, chunk, length);
        if (deltasSent < ProcessRunner.MAX_OUTPUT_DELTAS) {
            deltasSent++;
            try {
                listener.onOutput(stream, Arrays.copyOf(chunk, length));
            } catch (RuntimeException e) {
                LOG.warnf(e, "output listener failed on a %s chunk", stream.wire());
            }
        }
    }

    private void keep(ByteArrayOutputStream buffer, byte[] chunk, int length) {
        int room = capBytes - buffer.size();
        int kept = Math.max(0, Math.min(room, length));
        buffer.write(chunk, 0, kept);
        droppedBytes += length - kept;
    }

    /** Stops recording: late chunks from readers that outlived the command are dropped. */
    synchronized void seal() {
        sealed = true;
        if (droppedBytes > 0) {
            LOG.debugf("dropped %d output bytes beyond the %d-byte capture cap", droppedBytes, capBytes);
        }
    }

    synchronized String text(ExecStream stream) {
        return (stream == ExecStream.STDOUT ? stdout : stderr).toString(StandardCharsets.UTF_8);
    }

    synchronized String aggregatedText() {
        return aggregated.toString(StandardCharsets.UTF_8);
    }

    synchronized int deltasSent() {
        return deltasSent;
    }
}
