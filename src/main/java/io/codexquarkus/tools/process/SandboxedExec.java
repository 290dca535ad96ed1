package io.codexquarkus.tools.process;

import io.codexquarkus.common.Cancellation;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.ShellEnvironmentPolicy;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.sandbox.SpawnSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way a command runs under a sandbox policy: the {@code shell} tool, the MCP method {@code execOneOffCommand}
 * and {@code codex-quarkus sandbox linux|macos} all come through {@link #run}. It checks that the sandbox can enforce
 * the policy here, builds the environment from {@code [shell_environment_policy]}, wraps the argv for the sandbox and
 * runs it, captured or in the foreground.
 */
public final class SandboxedExec {
    private final SandboxManager sandbox;
    private final ProcessRunner runner;
    private final Map<String, String> processEnv;

    /**
     * @param processEnv this process's environment, which the environment policy filters for each command
     */
    public SandboxedExec(SandboxManager sandbox, ProcessRunner runner, Map<String, String> processEnv) {
        this.sandbox = sandbox;
        this.runner = runner;
        this.processEnv = Map.copyOf(processEnv);
    }

    /** Where a command's stdio goes. */
    public sealed interface Output {
        /**
         * Captured: stdin is {@code /dev/null}, each chunk goes to {@code listener} as it arrives and the texts come
         * back in the {@link ExecOutput}. The command leads a process group of its own, killed as a whole at the
         * timeout, on cancellation and when this process stops.
         */
        record Captured(OutputListener listener) implements Output {
            public Captured {
                Objects.requireNonNull(listener, "listener");
            }
        }

        /**
         * This process's stdin, stdout and stderr, in the terminal's process group (so Ctrl-C reaches the command);
         * the {@link ExecOutput} then carries only the exit status.
         */
        record Inherited() implements Output {}
    }

    /**
     * One command to run.
     *
     * @param type the sandbox to run it under; {@link SandboxType#NONE} runs it unconfined
     * @param policy what the command may touch
     * @param policyCwd the directory the policy's writable roots are derived from (a session's cwd)
     * @param cwd the command's working directory
     * @param argv the program and its arguments, as given (the sandbox wrapping is added here)
     * @param environment which of this process's variables the command gets
     * @param timeout how long it may run; empty means {@link ExecRequest#DEFAULT_TIMEOUT} when captured and no limit
     *     in the foreground (like a shell)
     * @param cancellation stops a captured command early
     * @param output where its stdio goes
     */
    public record Request(
            SandboxType type,
            SandboxPolicy policy,
            Path policyCwd,
            Path cwd,
            List<String> argv,
            ShellEnvironmentPolicy environment,
            Optional<Duration> timeout,
            Cancellation cancellation,
            Output output) {
        public Request {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(policyCwd, "policyCwd");
            Objects.requireNonNull(cwd, "cwd");
            argv = List.copyOf(argv);
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(cancellation, "cancellation");
            Objects.requireNonNull(output, "output");
        }

        /** Whether the command runs without any confinement. */
        boolean unsandboxed() {
            return type == SandboxType.NONE || policy instanceof SandboxPolicy.DangerFullAccess;
        }
    }

    /**
     * Starts a sandbox helper in the background for the next command once {@code delay} has passed, unless one is
     * waiting or starting, or the returned cancel ran first.
     */
    public Runnable prestartHelperAfter(Duration delay) {
        return runner.prestartHelperAfter(delay);
    }

    /** The sandbox this host gives commands, {@link SandboxType#NONE} when it has none (or probing it failed). */
    public SandboxType platformSandbox() {
        try {
            return sandbox.platformSandbox();
        } catch (CodexException e) {
            return SandboxType.NONE;
        }
    }

    /**
     * Runs the command and waits for it.
     *
     * @throws ExecSpawnException when a captured command could not be started (nothing ran)
     * @throws CodexException with {@link io.codexquarkus.common.ExitCode#SANDBOX_UNAVAILABLE} when the sandbox cannot
     *     enforce the policy here, or exit code 1 when a foreground command could not be started
     */
    public ExecOutput run(Request request) throws ExecSpawnException {
        if (request.argv().isEmpty()) {
            throw CodexException.usage("no command to run");
        }
        sandbox.requireAvailable(request.type(), request.policy());
        Map<String, String> env = ShellEnvironment.create(request.environment(), processEnv);
        return switch (request.output()) {
            case Output.Captured captured -> {
                if (request.unsandboxed()) {
                    // unsandboxed commands still start through the helper (process group); a missing program stays
                    // a spawn error, as when it was spawned directly
                    ProcessRunner.checkStartable(request.argv().getFirst(), env, request.cwd());
                }
                SpawnSpec spawn = sandbox.prepareAgentCommand(
                        request.type(), request.policy(), request.policyCwd(), request.cwd(), request.argv(), env);
                ExecRequest exec = new ExecRequest(
                        spawn.argv(),
                        spawn.cwd(),
                        spawn.env(),
                        request.timeout(),
                        request.cancellation(),
                        spawn.helperLaunch());
                yield runner.run(exec, captured.listener());
            }
            case Output.Inherited inherited -> {
                SpawnSpec spawn = sandbox.prepare(
                        request.type(), request.policy(), request.policyCwd(), request.cwd(), request.argv(), env);
                yield ForegroundCommand.run(spawn, request.timeout());
            }
        };
    }
}
