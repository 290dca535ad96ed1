package io.codexquarkus.tools.process;

import io.codexquarkus.sandbox.linux.PrestartRequest;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One sandbox helper JVM started before its command is known ({@link PrestartRequest#AWAIT}), with the stdout and
 * stderr pipes the command will write to. Starting that JVM and linking its system calls is most of what a sandboxed
 * command costs before it runs (~130 ms); done ahead, a command only pays for writing its request.
 *
 * <p>It is started with an empty environment (nothing configures its JVM) in {@code /}, and its stdin is the request
 * pipe. Nobody else holds that pipe, so if this process dies the helper reads end-of-file and exits having run nothing.
 */
final class PrestartedHelper implements AutoCloseable {
    private static final Duration REAP_WAIT = Duration.ofSeconds(2);

    private final List<String> launch;
    private final Process process;
    private final StdioPipes pipes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PrestartedHelper(List<String> launch, Process process, StdioPipes pipes) {
        this.launch = List.copyOf(launch);
        this.process = process;
        this.pipes = pipes;
    }

    /** Starts the helper with {@code launch} (java, its flags, class path and main class) and waits for nothing else. */
    static PrestartedHelper start(List<String> launch, boolean ownPipes) throws IOException {
        List<String> argv = new ArrayList<>(launch);
        argv.add(PrestartRequest.AWAIT);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(new File("/"));
        builder.environment().clear();
        builder.redirectInput(Redirect.PIPE);
        StdioPipes pipes = StdioPipes.create(ownPipes);
        try {
            return new PrestartedHelper(launch, pipes.spawn(builder), pipes);
        } catch (IOException e) {
            pipes.close();
            throw e;
        }
    }

    /** Whether a command started with {@code launch} can be handed to this helper. */
    boolean matches(List<String> launchOfCommand) {
        return launch.equals(launchOfCommand) && process.isAlive();
    }

    /**
     * Gives the helper its command: the helper arguments, working directory and environment it would have been
     * started with. Returns false, with the helper closed, when it can no longer take it (it died meanwhile).
     */
    boolean handOver(List<String> helperArgs, Path cwd, Map<String, String> env) {
        try (OutputStream request = process.getOutputStream()) {
            PrestartRequest.of(cwd.toAbsolutePath().toString(), helperArgs, env).writeTo(request);
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    Process process() {
        return process;
    }

    StdioPipes pipes() {
        return pipes;
    }

    /** Kills and reaps a helper that was never handed a command, and closes its pipes. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return; // the pipes' descriptors must be closed once: their numbers may already be reused
        }
        process.destroyForcibly();
        try {
            process.waitFor(REAP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipes.close();
    }
}
