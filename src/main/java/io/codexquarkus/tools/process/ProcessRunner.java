package io.codexquarkus.tools.process;

import io.codexquarkus.common.Cancellation;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Runs one command to completion (Codex's {@code spawn_child_async} + {@code consume_truncated_output}).
 *
 * <ul>
 *   <li>environment cleared, then exactly {@link ExecRequest#env()}; stdin is {@code /dev/null};
 *   <li>stdout and stderr read concurrently in chunks of at most {@value #READ_CHUNK_BYTES} bytes, each chunk appended
 *       to its stream's buffer and to the aggregated buffer in arrival order and passed to the {@link OutputListener}
 *       (at most {@value #MAX_OUTPUT_DELTAS} times); buffers keep at most {@link #MAX_CAPTURE_BYTES} bytes each, the
 *       model-facing caps are applied later by {@link ExecOutputFormatter};
 *   <li>at the timeout, on {@link Cancellation#cancel()} or when the calling thread is interrupted, the whole
 *       process tree is SIGKILLed; the result then has exit code 124 ({@code timedOut}) or 137 (cancelled; an
 *       interrupt is left set on the thread);
 *   <li>after the command exits, output is collected until its pipes close, for at most {@link #DRAIN_AFTER_EXIT}:
 *       processes it left behind that still hold the pipes are then killed.
 * </ul>
 *
 * <p>Every wait is bounded: a call returns at most about 4 s after the command exits, times out or is cancelled (reap
 * and drain grace periods), however its leftovers behave. Blocking; meant to run on a virtual thread. Thread-safe; its
 * only state is the optional {@link HelperPrestarter}, whose helper started ahead takes a sandboxed command's place
 * (with its stdin on {@code /dev/null} as well).
 */
public final class ProcessRunner {
    /** Size of one read and the largest chunk passed to the listener: 8 KiB. */
    public static final int READ_CHUNK_BYTES = 8 * 1024;
    /** Most output chunks passed to the listener per command (Codex's {@code MAX_EXEC_OUTPUT_DELTAS_PER_CALL}). */
    public static final int MAX_OUTPUT_DELTAS = 10_000;
    /** Safety cap of each captured buffer (stdout, stderr, aggregated): 64 MiB; later bytes are read and dropped. */
    public static final int MAX_CAPTURE_BYTES = 64 * 1024 * 1024;
    /** How long output is still collected after the command exited (Codex's {@code IO_DRAIN_TIMEOUT_MS}). */
    public static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(ProcessRunner.class);
    private static final File DEV_NULL = new File("/dev/null");
    /** When the process tree is first sampled (a quick background job), then how often while the command runs. */
    private static final long FIRST_SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final long SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int MAX_SIGNAL = 64;
    private static final Duration LONGEST_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE / 4);
    private static final Duration REAP_WAIT = Duration.ofSeconds(2);
    private static final Duration DRAIN_AFTER_KILL = Duration.ofMillis(500);

    private final int captureCapBytes;
    private final boolean ownPipes;
    private final Optional<HelperPrestarter> helpers;

    /** A runner with the standard capture cap. */
    public ProcessRunner() {
        this(MAX_CAPTURE_BYTES, true, Optional.empty());
    }

    /** A runner that hands sandboxed commands to helpers {@code helpers} started ahead, when they match. */
    public ProcessRunner(HelperPrestarter helpers) {
        this(MAX_CAPTURE_BYTES, true, Optional.of(helpers));
    }

    /** For tests: another capture cap, and the JDK's pipes instead of our own ({@code ownPipes} false). */
    ProcessRunner(int captureCapBytes, boolean ownPipes) {
        this(captureCapBytes, ownPipes, Optional.empty());
    }

    private ProcessRunner(int captureCapBytes, boolean ownPipes, Optional<HelperPrestarter> helpers) {
        this.captureCapBytes = captureCapBytes;
        this.ownPipes = ownPipes;
        this.helpers = helpers;
    }

    /**
     * Starts a helper ahead in the background once {@code delay} has passed, when this runner has a prestarter, none
     * is waiting or starting, and the returned cancel has not run.
     */
    public Runnable prestartHelperAfter(Duration delay) {
        return helpers.map(h -> h.prestartAfter(delay)).orElse(() -> {});
    }

    private enum Ending {
        EXITED,
        TIMED_OUT,
        CANCELLED
    }

    /**
     * Runs the command and waits for it.
     *
     * @throws ExecSpawnException if it could not be started (nothing ran; report exit code −1 with the message as
     *     stderr, see {@link ExecOutput#spawnFailure})
     */
    public ExecOutput run(ExecRequest request, OutputListener listener) throws ExecSpawnException {
        Path cwd = ProgramLocator.workingDirectory(request.cwd());
        OutputCollector collector = new OutputCollector(listener, captureCapBytes);
        long started = System.nanoTime();
        Optional<PrestartedHelper> prestarted = prestarted(request, cwd);
        try (StdioPipes pipes = prestarted.map(PrestartedHelper::pipes).orElseGet(() -> StdioPipes.create(ownPipes))) {
            Process process = prestarted.isPresent() ? prestarted.get().process() : spawn(request, cwd, pipes);
            ProcessTree tree = new ProcessTree(process, pipes.identities());
            RunningCommands.add(tree);
            try {
                OutputReaders readers = new OutputReaders(pipes, collector, process.pid());
                Ending ending = awaitEnding(process, tree, request, started);
                if (ending != Ending.EXITED) {
                    tree.killAll();
                    waitForUninterruptibly(process, REAP_WAIT);
                }
                drain(readers, tree, ending, request.cancellation());
                collector.seal();
                Duration duration = Duration.ofNanos(System.nanoTime() - started);
                return result(ending, process, collector, duration);
            } catch (RuntimeException | Error e) {
                // never leave a command running behind an unexpected failure
                tree.killAll();
                throw e;
            } finally {
                RunningCommands.remove(tree);
            }
        }
    }

    /** The helper started ahead, once it has taken this command; empty when the command must be started here. */
    private Optional<PrestartedHelper> prestarted(ExecRequest request, Path cwd) {
        int launch = request.helperLaunch();
        if (helpers.isEmpty() || launch == 0) {
            return Optional.empty();
        }
        List<String> argv = request.argv();
        Optional<PrestartedHelper> helper = helpers.get().take(argv.subList(0, launch));
        if (helper.isPresent() && helper.get().handOver(argv.subList(launch, argv.size()), cwd, request.env())) {
            return helper;
        }
        return Optional.empty();
    }

    private static Process spawn(ExecRequest request, Path cwd, StdioPipes pipes) throws ExecSpawnException {
        List<String> command = new ArrayList<>(request.argv());
        command.set(0, ProgramLocator.locate(command.get(0), request.env(), cwd));
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.redirectInput(Redirect.from(DEV_NULL));
        setEnvironment(builder, request.env());
        try {
            return pipes.spawn(builder);
        } catch (IOException e) {
            throw ProgramLocator.spawnFailed(request.argv().get(0), e);
        }
    }

    /**
     * Fails as {@link #run} would if {@code program} cannot be found or the directory is unusable, for a command that
     * is started through a launcher (the sandbox helper) which would otherwise report it as an ordinary exit 127.
     */
    public static void checkStartable(String program, Map<String, String> env, Path cwd) throws ExecSpawnException {
        ProgramLocator.locate(program, env, ProgramLocator.workingDirectory(cwd));
    }

    private static void setEnvironment(ProcessBuilder builder, Map<String, String> env) throws ExecSpawnException {
        Map<String, String> target = builder.environment();
        target.clear();
        try {
            target.putAll(env);
        } catch (IllegalArgumentException e) {
            throw ExecSpawnException.cannotStart("invalid environment for the command: " + e.getMessage());
        }
    }

    /**
     * Waits for the first of: the command's exit, the cancellation, the deadline, an interrupt. Exit and cancellation
     * both complete a future, so neither is polled; the wait wakes in between only to sample the process tree (a
     * background job must be remembered before its parent exits, or a kill could no longer find it).
     */
    private static Ending awaitEnding(Process process, ProcessTree tree, ExecRequest request, long started) {
        long deadline = started + saturatedNanos(request.effectiveTimeout());
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        Runnable unregister = request.cancellation().onCancel(() -> cancelled.complete(null));
        CompletableFuture<Object> ended = CompletableFuture.anyOf(process.onExit(), cancelled);
        long sample = FIRST_SNAPSHOT_NANOS;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Ending.TIMED_OUT;
                }
                try {
                    ended.get(Math.min(left, sample), TimeUnit.NANOSECONDS);
                    return cancelled.isDone() ? Ending.CANCELLED : Ending.EXITED;
                } catch (TimeoutException e) {
                    tree.remember();
                    sample = SNAPSHOT_NANOS;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("waiting for process " + process.pid() + " failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Ending.CANCELLED;
                }
            }
        } finally {
            unregister.run();
        }
    }

    /** The duration in nanoseconds, capped at about 73 years so that deadlines cannot overflow. */
    private static long saturatedNanos(Duration duration) {
        return duration.compareTo(LONGEST_TIMEOUT) > 0 ? LONGEST_TIMEOUT.toNanos() : duration.toNanos();
    }

    /**
     * Collects the rest of the output. After a normal exit the command's leftovers get {@link #DRAIN_AFTER_EXIT} to
     * close the pipes; after a kill the pipes should close at once. Whoever still holds them then is killed, and
     * readers still blocked after that are abandoned.
     */
    private static void drain(OutputReaders readers, ProcessTree tree, Ending ending, Cancellation token) {
        boolean exited = ending == Ending.EXITED;
        if (readers.await(exited ? DRAIN_AFTER_EXIT : DRAIN_AFTER_KILL, exited, token)) {
            return;
        }
        int killed = tree.killPipeHolders();
        LOG.debugf("output pipes still open after the command ended; killed %d processes holding them", killed);
        if (readers.await(DRAIN_AFTER_KILL, false, token)) {
            return;
        }
        readers.abandon();
        readers.await(DRAIN_AFTER_KILL, false, token);
    }

    private static ExecOutput result(Ending ending, Process process, OutputCollector collector, Duration duration) {
        int exitCode = switch (ending) {
            case TIMED_OUT -> ExecOutput.TIMEOUT_EXIT_CODE;
            case CANCELLED -> ExecOutput.CANCELLED_EXIT_CODE;
            case EXITED -> process.exitValue();
        };
        Optional<Integer> signal = ending != Ending.TIMED_OUT && exitCode > 128 && exitCode <= 128 + MAX_SIGNAL
                ? Optional.of(exitCode - 128)
                : Optional.empty();
        return new ExecOutput(
                exitCode,
                collector.text(ExecStream.STDOUT),
                collector.text(ExecStream.STDERR),
                collector.aggregatedText(),
                duration,
                ending == Ending.TIMED_OUT,
                signal);
    }

    private static void waitForUninterruptibly(Process process, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("process %d did not die within %s of SIGKILL", process.pid(), max);
                    return;
                }
                try {
                    if (process.waitFor(left, TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
