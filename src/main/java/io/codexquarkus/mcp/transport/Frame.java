package io.codexquarkus.mcp.transport;

/**
 * One line of input as the transport read it. Classes rather than records: they hold the reader's byte buffer, which
 * is neither copied nor compared.
 */
public sealed interface Frame {
    /**
     * A line within the limit, without its line ending: {@code bytes()[0..length())}. The array is the reader's
     * buffer, valid only until the next line is read.
     */
    final class Line implements Frame {
        private final byte[] bytes;
        private final int length;
        private final boolean answeredEarly;

        Line(byte[] bytes, int length) {
            this(bytes, length, false);
        }

        private Line(byte[] bytes, int length, boolean answeredEarly) {
            this.bytes = bytes;
            this.length = length;
            this.answeredEarly = answeredEarly;
        }

        /** The same line, marked as answered before the server was up ({@link EarlyInput}). */
        Line answeredEarly() {
            return new Line(bytes, length, true);
        }

        /** Whether the client already has this request's answer: replay it for state, send nothing. */
        public boolean isAnsweredEarly() {
            return answeredEarly;
        }

        @SuppressWarnings("MethodReturnsArray") // the point: no copy of a line of up to the limit
        public byte[] bytes() {
            return bytes;
        }

        public int length() {
            return length;
        }
    }

    /** A line over the limit: its first bytes (for the id) and its full length; the rest was skipped. */
    final class Oversized implements Frame {
        private final byte[] prefix;
        private final long length;

        Oversized(byte[] prefix, long length) {
            this.prefix = prefix;
            this.length = length;
        }

        public byte[] prefix() {
            return prefix;
        }

        public long length() {
            return length;
        }
    }
}
