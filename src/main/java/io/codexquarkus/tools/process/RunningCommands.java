package io.codexquarkus.tools.process;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Every command running now, so that none outlives this process. The JVM runs shutdown hooks on SIGTERM, SIGINT,
 * SIGHUP and on a normal exit; the hook installed here asks each command's tree (its whole process group when it leads
 * one) to stop with SIGTERM and SIGKILLs what is left after {@link #TERM_GRACE}. A SIGKILLed server cannot run hooks:
 * the sandbox helper's parent-death signal covers that case.
 */
final class RunningCommands {
    /** How long commands get to exit on SIGTERM before they are killed. */
    static final Duration TERM_GRACE = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(RunningCommands.class);
    private static final Set<ProcessTree> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    private static final AtomicBoolean SHUTTING_DOWN = new AtomicBoolean();

    private RunningCommands() {}

    /** Tracks a command that just started; one that starts while the process exits is killed at once. */
    static void add(ProcessTree tree) {
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime()
                        .addShutdownHook(Thread.ofPlatform()
                                .name("codex-command-reaper")
                                .unstarted(RunningCommands::stopAllAtExit));
            } catch (IllegalStateException e) {
                SHUTTING_DOWN.set(true); // too late for a hook: the JVM is already exiting
            }
        }
        LIVE.add(tree);
        if (SHUTTING_DOWN.get() && LIVE.remove(tree)) {
            tree.killAll();
        }
    }

    static void remove(ProcessTree tree) {
        LIVE.remove(tree);
    }

    /** How many commands run now. */
    static int count() {
        return LIVE.size();
    }

    private static void stopAllAtExit() {
        SHUTTING_DOWN.set(true);
        stopAll(TERM_GRACE);
    }

    /** SIGTERM to every running command, SIGKILL to those still there after {@code grace}; how many there were. */
    static int stopAll(Duration grace) {
        List<ProcessTree> trees = List.copyOf(LIVE);
        if (trees.isEmpty()) {
            return 0;
        }
        LOG.infof("stopping %d running command(s)", trees.size());
        CompletableFuture<?>[] exits =
                trees.stream().map(ProcessTree::askToStop).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debugf("commands still running %d ms after SIGTERM; killing them", grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessTree tree : trees) {
            tree.killAll();
            LIVE.remove(tree);
        }
        return trees.size();
    }
}
