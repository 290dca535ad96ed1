package io.codexquarkus.tools.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a server process and everything it started: the tree is listed first (a child re-parented once its parent
 * died could no longer be found), every member gets TERM, those still alive after the grace get KILL, and the server
 * itself is reaped.
 */
final class ProcessTrees {
    private ProcessTrees() {}

    /** Stops {@code process} and its descendants, waiting at most {@code grace} before killing and then reaping. */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.toHandle().descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        List<CompletableFuture<ProcessHandle>> exits =
                tree.stream().map(ProcessHandle::onExit).toList();
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // some ignored TERM: they get KILL below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        boolean interrupted = Thread.interrupted();
        try {
            // KILL cannot be ignored; the bound only guards against a process stuck in the kernel
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
