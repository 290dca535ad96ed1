package io.codexquarkus.mcp.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at LF only (one CR right before the LF is dropped; any other CR stays in the line,
 * where JSON reads it as whitespace). A line longer than the limit is not kept: its first bytes are, so the id can
 * still be read, and the rest is skipped up to its LF. The buffer shrinks back after a large line, so memory held
 * between lines stays small whatever came before.
 */
final class LineReader {
    /** How much of an oversized line is kept for reading its id. */
    static final int PREFIX_BYTES = 64 * 1024;

    private static final int CHUNK = 64 * 1024;
    private static final int IDLE_CAPACITY = 64 * 1024;

    private final InputStream in;
    private final long maxBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[IDLE_CAPACITY];
    private int length;

    LineReader(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at end of input (a last line without LF still counts). */
    Frame next() throws IOException {
        if (line.length > IDLE_CAPACITY) {
            line = new byte[IDLE_CAPACITY];
        }
        length = 0;
        long total = 0;
        boolean oversized = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                int read = in.read(chunk, 0, CHUNK);
                if (read < 0) {
                    return total == 0 ? null : finish(oversized, total);
                }
                chunkPos = 0;
                chunkEnd = read;
            }
            int lf = indexOfLf(chunkPos, chunkEnd);
            int end = lf < 0 ? chunkEnd : lf;
            int count = end - chunkPos;
            total += count;
            if (!oversized && total > maxBytes + 1) {
                // + 1: the CR of a CRLF ending does not count against the limit
                oversized = true;
            }
            int keep = oversized ? Math.max(0, Math.min(count, PREFIX_BYTES - length)) : count;
            append(chunkPos, keep);
            chunkPos = end;
            if (lf >= 0) {
                chunkPos++;
                return finish(oversized, total);
            }
        }
    }

    private Frame finish(boolean oversized, long total) {
        long size = total;
        if (!oversized && length > 0 && line[length - 1] == '\r') {
            length--;
            size--;
        }
        if (!oversized && size > maxBytes) {
            oversized = true;
            length = Math.min(length, PREFIX_BYTES);
        }
        if (oversized) {
            return new Frame.Oversized(Arrays.copyOf(line, Math.min(length, PREFIX_BYTES)), total);
        }
        return new Frame.Line(line, length);
    }

    private int indexOfLf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int count) {
        if (count == 0) {
            return;
        }
        if (length + count > line.length) {
            long wanted = Math.max((long) line.length * 2, (long) length + count);
            line = Arrays.copyOf(line, (int) Math.min(wanted, Math.min(maxBytes + 1, Integer.MAX_VALUE - 16)));
        }
        System.arraycopy(chunk, from, line, length, count);
        length += count;
    }
}
