package io.codexquarkus.tools.process;

import io.codexquarkus.common.Cancellation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One command to run.
 *
 * @param argv the program and its arguments, already transformed by the sandbox manager; {@code argv[0]} is looked up
 *     on the {@code PATH} of {@code env} (else of this process) unless it contains a {@code /}
 * @param cwd the working directory (relative paths resolve against this process's directory)
 * @param env the complete environment of the command: nothing else is inherited
 * @param timeout how long the command may run; empty means {@link #DEFAULT_TIMEOUT}
 * @param cancellation stops the command early: the runner kills it as soon as this is cancelled
 * @param helperLaunch how many leading arguments start the sandbox helper's JVM (0: the command is not started that
 *     way); a helper the runner started ahead with the same arguments may take the rest instead
 */
public record ExecRequest(
        List<String> argv,
        Path cwd,
        Map<String, String> env,
        Optional<Duration> timeout,
        Cancellation cancellation,
        int helperLaunch) {
    /** Codex's timeout when the model gives none: 10 000 ms. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ExecRequest {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty");
        }
        Objects.requireNonNull(cwd, "cwd");
        env = Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isPresent() && timeout.get().isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout.get());
        }
        Objects.requireNonNull(cancellation, "cancellation");
        if (helperLaunch < 0 || helperLaunch > argv.size()) {
            throw new IllegalArgumentException("helperLaunch out of range: " + helperLaunch);
        }
    }

    /** A command that is not started through the sandbox helper's JVM. */
    public ExecRequest(
            List<String> argv,
            Path cwd,
            Map<String, String> env,
            Optional<Duration> timeout,
            Cancellation cancellation) {
        this(argv, cwd, env, timeout, cancellation, 0);
    }

    /** A request with the default timeout and a fresh, never-cancelled cancellation. */
    public static ExecRequest of(List<String> argv, Path cwd, Map<String, String> env) {
        return new ExecRequest(argv, cwd, env, Optional.empty(), new Cancellation());
    }

    /** The same request with another timeout. */
    public ExecRequest withTimeout(Duration value) {
        return new ExecRequest(argv, cwd, env, Optional.of(value), cancellation, helperLaunch);
    }

    /** The same request stopped by {@code value}. */
    public ExecRequest withCancellation(Cancellation value) {
        return new ExecRequest(argv, cwd, env, timeout, value, helperLaunch);
    }

    /** The timeout that applies: the given one, else {@link #DEFAULT_TIMEOUT}. */
    public Duration effectiveTimeout() {
        return timeout.orElse(DEFAULT_TIMEOUT);
    }

    /** The timeout for the {@code shell} tool's {@code timeout_ms} argument ({@code null} means the default). */
    public static Optional<Duration> timeoutFromMillis(Long timeoutMs) {
        return Optional.ofNullable(timeoutMs).map(Duration::ofMillis);
    }
}
