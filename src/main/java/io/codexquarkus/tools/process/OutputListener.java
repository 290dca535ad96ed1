package io.codexquarkus.tools.process;

/**
 * Receives a command's output while it runs, one raw chunk (at most 8 KiB) at a time, in the order the chunks arrived
 * across both streams. {@link ProcessRunner} calls it at most {@link ProcessRunner#MAX_OUTPUT_DELTAS} times per
 * command, from its reader threads, one call at a time; it should return quickly (a slow listener slows the command's
 * output). Exceptions it throws are logged and otherwise ignored.
 */
@FunctionalInterface
public interface OutputListener {
    /** A listener that ignores everything. */
    OutputListener NONE = (stream, chunk) -> {};

    /**
     * One chunk of output.
     *
     * @param stream where the bytes came from
     * @param chunk the raw bytes (a fresh array the listener may keep)
     */
    void onOutput(ExecStream stream, byte[] chunk);
}
