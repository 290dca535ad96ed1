package io.codexquarkus.tools.process;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.sandbox.SpawnSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in the foreground with this process's stdio, as {@code codex-quarkus sandbox linux|macos} does: its
 * exit status is the result (a command killed by signal N gives 128 + N, as a shell reports it).
 */
final class ForegroundCommand {
    private ForegroundCommand() {}

    /**
     * Starts the command and waits for it: for {@code timeout}, else for as long as it runs (like a shell; Ctrl-C
     * reaches it through the terminal's process group, and it is killed if this JVM shuts down first).
     *
     * @throws CodexException exit code 1 when the program (or the sandbox helper) cannot be started
     */
    static ExecOutput run(SpawnSpec spec, Optional<Duration> timeout) {
        long started = System.nanoTime();
        Process process;
        try {
            process = spec.toProcessBuilder().inheritIO().start();
        } catch (IOException e) {
            throw CodexException.failure("cannot start " + spec.argv().getFirst() + ": " + e.getMessage(), e);
        }
        Thread reaper = new Thread(process::destroy, "sandboxed-command-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            int exitCode;
            boolean timedOut = false;
            if (timeout.isPresent()) {
                if (process.waitFor(timeout.get().toNanos(), TimeUnit.NANOSECONDS)) {
                    exitCode = process.exitValue();
                } else {
                    process.destroyForcibly();
                    timedOut = true;
                    exitCode = ExecOutput.TIMEOUT_EXIT_CODE;
                }
            } else {
                exitCode = process.waitFor();
            }
            return ended(exitCode, timedOut, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return ended(ExitCode.INTERRUPTED, false, started);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // already shutting down: the hook kills the command
            }
        }
    }

    private static ExecOutput ended(int exitCode, boolean timedOut, long started) {
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        return new ExecOutput(exitCode, "", "", "", duration, timedOut, Optional.empty());
    }
}
