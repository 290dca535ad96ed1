package io.codexquarkus.tools.process;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a command produced. Texts are the captured bytes decoded as UTF-8, invalid sequences replaced by U+FFFD. Each
 * buffer keeps at most {@link ProcessRunner#MAX_CAPTURE_BYTES}; later bytes are read and dropped.
 *
 * @param exitCode the exit status: 124 when timed out, 137 when cancelled, 128 + N when killed by signal N, −1 when
 *     the command could not be started (see {@link #spawnFailure})
 * @param stdout everything written to stdout
 * @param stderr everything written to stderr
 * @param aggregatedOutput stdout and stderr interleaved in the order the chunks arrived
 * @param duration wall time from spawn until the output was collected
 * @param timedOut whether the command was killed because it ran past its timeout
 * @param signal the signal that ended the command, read from an exit status of 128 + N (N = 1…64) as a shell
 *     reports it; a program that itself exits with such a status looks the same. Empty when timed out
 */
public record ExecOutput(
        int exitCode,
        String stdout,
        String stderr,
        String aggregatedOutput,
        Duration duration,
        boolean timedOut,
        Optional<Integer> signal) {
    /** Exit code reported for a command killed at its timeout. */
    public static final int TIMEOUT_EXIT_CODE = 124;
    /** Exit code reported for a command that was cancelled (128 + SIGKILL). */
    public static final int CANCELLED_EXIT_CODE = 128 + 9;
    /** Exit code of the end event when the command could not be started. */
    public static final int SPAWN_FAILURE_EXIT_CODE = -1;

    public ExecOutput {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(aggregatedOutput, "aggregatedOutput");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(signal, "signal");
    }

    /**
     * The output to report when the command could not be started: exit code −1 and the error text as stderr (and
     * aggregated output), as Codex's {@code exec_command_end} carries it.
     */
    public static ExecOutput spawnFailure(String message, Duration duration) {
        return new ExecOutput(SPAWN_FAILURE_EXIT_CODE, "", message, message, duration, false, Optional.empty());
    }

    /** Whether the command exited with status 0. */
    public boolean success() {
        return exitCode == 0 && !timedOut;
    }
}
