package io.codexquarkus.tools.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps one sandbox helper started ahead ({@link PrestartedHelper}) for the next sandboxed command: the first is
 * started with the runtime or when first asked for ({@link Start}; the agent asks while a turn waits for the model),
 * and each one taken is replaced in the background. A command that arrives while the helper is still starting waits for it: it is further along than a new
 * one would be. One for the whole process, however many sessions run: a parallel command that finds none starts its
 * helper as before. Closing kills the waiting one.
 */
public final class HelperPrestarter implements AutoCloseable {
    /** When the first helper is started ahead. */
    public enum Start {
        /** Now: the first command finds it ready. */
        AT_ONCE,
        /**
         * When first asked for ({@link #prestart()}, or a command that finds none): a process that may only answer
         * calls that run no command starts no helper beside them.
         */
        WHEN_ASKED
    }

    /** {@code off} in the environment: no helper is started ahead (each command starts its own, as before). */
    public static final String SWITCH = "CODEX_QUARKUS_PRESTART_HELPER";

    private static final Logger LOG = Logger.getLogger(HelperPrestarter.class);
    /** Longer than a helper ever takes to start; past it the command starts its own. */
    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final Supplier<Optional<List<String>>> launch;
    private final boolean ownPipes;
    private CompletableFuture<Optional<PrestartedHelper>> next;
    private boolean closed;

    /**
     * @param launch how the helper's JVM is started now (it changes once the helper's AOT cache is trained); empty
     *     when commands here do not go through a helper JVM
     */
    public HelperPrestarter(Supplier<Optional<List<String>>> launch) {
        this(launch, true);
    }

    HelperPrestarter(Supplier<Optional<List<String>>> launch, boolean ownPipes) {
        this.launch = launch;
        this.ownPipes = ownPipes;
    }

    /** Starts a helper in the background unless one is ready or starting. */
    public void prestart() {
        CompletableFuture<Optional<PrestartedHelper>> started = new CompletableFuture<>();
        synchronized (this) {
            if (next != null || closed) {
                return;
            }
            next = started;
        }
        Thread.ofVirtual().name("codex-helper-prestart").start(() -> started.complete(startOne()));
        // a helper that is ready only after close() must not outlive it
        CompletableFuture<?> unused = started.thenAccept(helper -> {
            if (isClosed()) {
                helper.ifPresent(PrestartedHelper::close);
            }
        });
    }

    /**
     * {@link #prestart()} once {@code delay} has passed, unless the returned cancel ran first (a timer, nothing
     * waits for it).
     */
    public Runnable prestartAfter(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            prestart();
            return () -> {};
        }
        CompletableFuture<Void> due = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            if (due.complete(null)) {
                prestart();
            }
        });
        return () -> due.cancel(false);
    }

    private Optional<PrestartedHelper> startOne() {
        try {
            Optional<List<String>> command = launch.get();
            if (command.isPresent()) {
                return Optional.of(PrestartedHelper.start(command.get(), ownPipes));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("could not start a sandbox helper ahead: %s", e.getMessage());
        }
        return Optional.empty();
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The helper started ahead, once it is up, when it was started with {@code launchOfCommand} and still runs; a
     * stale one (another launch, or dead) is closed. Either way the next one starts in the background.
     */
    Optional<PrestartedHelper> take(List<String> launchOfCommand) {
        CompletableFuture<Optional<PrestartedHelper>> taken;
        synchronized (this) {
            taken = next;
            next = null;
        }
        prestart();
        if (taken == null) {
            return Optional.empty();
        }
        Optional<PrestartedHelper> helper;
        try {
            helper = taken.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(taken);
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            abandon(taken);
            return Optional.empty();
        }
        if (helper.isPresent() && !helper.get().matches(launchOfCommand)) {
            helper.get().close();
            return Optional.empty();
        }
        return helper;
    }

    private static void abandon(CompletableFuture<Optional<PrestartedHelper>> started) {
        CompletableFuture<?> unused = started.thenAccept(helper -> helper.ifPresent(PrestartedHelper::close));
    }

    /** For tests: the pid of the helper waiting now, once it has started. */
    Optional<Long> readyPid() {
        CompletableFuture<Optional<PrestartedHelper>> waiting;
        synchronized (this) {
            waiting = next;
        }
        if (waiting == null) {
            return Optional.empty();
        }
        try {
            return waiting.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .map(h -> h.process().pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
    }

    /** Kills the helper waiting now (or the one starting, as soon as it is up); no more start after this. */
    @Override
    public void close() {
        CompletableFuture<Optional<PrestartedHelper>> waiting;
        synchronized (this) {
            closed = true;
            waiting = next;
            next = null;
        }
        if (waiting != null && waiting.isDone()) {
            waiting.getNow(Optional.empty()).ifPresent(PrestartedHelper::close);
        }
        // one still starting is closed by prestart()'s own continuation once it is up; and should this process end
        // first, its helper reads end-of-file on the request pipe and exits without running anything
    }
}
