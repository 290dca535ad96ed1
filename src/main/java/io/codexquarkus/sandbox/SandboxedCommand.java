package io.codexquarkus.sandbox;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one command in the foreground under a sandbox, as {@code codex-quarkus sandbox linux|macos} does: inherited
 * stdin, stdout and stderr, and the command's exit status as this method's result (a command killed by signal N
 * gives 128 + N, as a shell reports it).
 */
public final class SandboxedCommand {
    private SandboxedCommand() {}

    /**
     * Starts the command and waits for it, for as long as it runs (like a shell; Ctrl-C reaches it through the
     * terminal's process group, and it is killed if this JVM shuts down first).
     *
     * @throws CodexException exit code 4 when the sandbox is not available here, 1 when the helper cannot start
     */
    public static int run(
            SandboxManager manager,
            SandboxType type,
            SandboxPolicy policy,
            Path cwd,
            List<String> command,
            Map<String, String> env) {
        manager.requireAvailable(type, policy);
        SpawnSpec spec = manager.prepare(type, policy, cwd, cwd, command, env);
        Process process;
        try {
            process = spec.toProcessBuilder().inheritIO().start();
        } catch (IOException e) {
            throw CodexException.failure("cannot start " + spec.argv().get(0) + ": " + e.getMessage(), e);
        }
        Thread reaper = new Thread(process::destroy, "sandboxed-command-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return ExitCode.INTERRUPTED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // already shutting down: the hook kills the command
            }
        }
    }
}
