package io.codexquarkus.model.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Server-sent events from body bytes as they arrive, in time linear in their size: each byte is looked at once, a line
 * is decoded once when it ends, and an event's data grows by appending. Lines end at LF, CR LF or a lone CR (a CR at
 * the end of one chunk and an LF at the start of the next are one line end); {@code data:} lines are joined with LF,
 * a blank line dispatches the event, comments and the other fields are ignored, and a stream that ends mid-event drops
 * that event, as the SSE specification says. One instance per HTTP response; not thread-safe.
 */
final class SseParser {
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** The data of every event the chunk completes, in order. */
    List<String> feed(byte[] chunk, int offset, int length) {
        List<String> events = new ArrayList<>(0);
        int end = offset + length;
        int start = offset;
        for (int i = offset; i < end; i++) {
            byte b = chunk[i];
            if (b != '\n' && b != '\r') {
                afterCr = false;
                continue;
            }
            if (b == '\n' && afterCr && i == start && lineLength == 0) {
                // the LF of a CR LF whose CR ended the previous line (possibly in the previous chunk)
                afterCr = false;
                start = i + 1;
                continue;
            }
            append(chunk, start, i - start);
            endLine(events);
            afterCr = b == '\r';
            start = i + 1;
        }
        append(chunk, start, end - start);
        return events;
    }

    private void append(byte[] chunk, int from, int count) {
        if (count <= 0) {
            return;
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(chunk, from, line, lineLength, count);
        lineLength += count;
    }

    private void endLine(List<String> events) {
        int length = lineLength;
        lineLength = 0;
        if (length == 0) {
            if (hasData) {
                events.add(data.toString());
            }
            if (data.capacity() > 1024 * 1024) {
                data = new StringBuilder(); // nor does one huge event pin its buffer
            }
            data.setLength(0);
            hasData = false;
            return;
        }
        if (line[0] == ':') {
            return; // a comment (servers use them to keep the connection alive)
        }
        int colon = indexOf(line, length, (byte) ':');
        int nameEnd = colon < 0 ? length : colon;
        if (nameEnd != 4 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a') {
            return; // event, id, retry and unknown fields do not change the data
        }
        int valueStart = colon < 0 ? length : colon + 1;
        if (valueStart < length && line[valueStart] == ' ') {
            valueStart++;
        }
        if (hasData) {
            data.append('\n');
        }
        data.append(new String(line, valueStart, length - valueStart, StandardCharsets.UTF_8));
        hasData = true;
        if (line.length > 64 * 1024 && length < line.length / 4) {
            line = new byte[256]; // one huge line does not pin its buffer for the rest of the stream
        }
    }

    private static int indexOf(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
