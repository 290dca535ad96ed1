package io.codexquarkus.tools.process;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * A command's process and everything it started. Java cannot put the child in its own process group, so the tree is
 * tracked too (the sandbox helper makes the command lead a group of its own, which is then signalled as a whole):
 * descendants are remembered while the command runs (a background job whose parent exited is
 * re-parented and no longer shows up as a descendant), and on Linux any process still holding the command's output
 * pipes is found through {@code /proc/PID/fd}.
 */
final class ProcessTree {
    private static final Logger LOG = Logger.getLogger(ProcessTree.class);

    private final Process root;
    private final Set<String> pipeIdentities;
    private final SequencedSet<ProcessHandle> seen = new LinkedHashSet<>();
    private long groupId;

    ProcessTree(Process root, Set<String> pipeIdentities) {
        this.root = root;
        this.pipeIdentities = Set.copyOf(pipeIdentities);
    }

    /**
     * Remembers the current descendants (forgetting those that are gone), to kill them later if need be, and whether
     * the command leads a process group of its own (the sandbox helper's {@code --process-group}).
     */
    synchronized void remember() {
        seen.removeIf(handle -> !handle.isAlive());
        root.descendants().forEach(seen::add);
        noteGroup();
    }

    /** Whether the command leads a process group of its own; looked at while it lives, remembered once seen. */
    private void noteGroup() {
        if (groupId == 0 && root.isAlive() && ProcessGroups.groupOf(root.pid()) == root.pid()) {
            groupId = root.pid();
        }
    }

    /**
     * Asks the whole tree to stop: SIGTERM to the command's process group when it leads one, and to every process of
     * the tree this runner knows. Returns what completes when each of those processes has exited.
     */
    CompletableFuture<Void> askToStop() {
        List<ProcessHandle> victims;
        synchronized (this) {
            remember();
            if (groupId != 0) {
                NativeSignals.signalGroup(groupId, NativeSignals.SIGTERM);
            }
            victims = new ArrayList<>(seen);
            victims.add(root.toHandle());
        }
        victims.forEach(ProcessHandle::destroy);
        return CompletableFuture.allOf(
                victims.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    }

    /**
     * SIGKILLs the whole tree in one pass, descendants before their parents and the command itself last: current
     * descendants, remembered ones that were re-parented, and every process holding the output pipes. A process forked
     * during the pass may survive; if it holds the pipes, {@link #killPipeHolders()} gets it later.
     */
    synchronized void killAll() {
        SequencedSet<ProcessHandle> victims = new LinkedHashSet<>();
        root.descendants().forEach(victims::add);
        for (ProcessHandle known : List.copyOf(seen)) {
            if (!victims.contains(known) && known.isAlive()) {
                victims.add(known);
                known.descendants().forEach(victims::add);
            }
        }
        addPipeHolders(victims);
        seen.addAll(victims);
        noteGroup();
        if (groupId != 0) {
            // the group also holds what was forked since the last look and what double-forked away from the tree
            NativeSignals.signalGroup(groupId, NativeSignals.SIGKILL);
        }
        kill(victims);
        root.destroyForcibly();
    }

    /** SIGKILLs the processes (and their descendants) that still hold the command's output pipes; returns how many. */
    synchronized int killPipeHolders() {
        SequencedSet<ProcessHandle> victims = new LinkedHashSet<>();
        addPipeHolders(victims);
        kill(victims);
        return victims.size();
    }

    private void addPipeHolders(SequencedSet<ProcessHandle> victims) {
        for (ProcessHandle holder : pipeHolders(pipeIdentities)) {
            victims.add(holder);
            holder.descendants().forEach(victims::add);
        }
    }

    private static void kill(SequencedSet<ProcessHandle> victims) {
        // descendants() lists parents before children: kill from the far end so parents cannot replace children
        for (ProcessHandle victim : victims.reversed()) {
            try {
                victim.destroyForcibly();
            } catch (IllegalStateException | SecurityException e) {
                LOG.debugf(e, "could not kill process %d", victim.pid());
            }
        }
    }

    /** Processes other than this JVM whose open descriptors include one of {@code identities} ({@code pipe:[N]}). */
    static List<ProcessHandle> pipeHolders(Set<String> identities) {
        List<ProcessHandle> holders = new ArrayList<>();
        if (identities.isEmpty()) {
            return holders;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), ProcessTree::isPidDir)) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid != self && holdsAny(proc, identities)) {
                    ProcessHandle.of(pid).ifPresent(holders::add);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.debugf(e, "cannot scan /proc for pipe holders");
        }
        return holders;
    }

    private static boolean isPidDir(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean holdsAny(Path proc, Set<String> identities) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                if (StdioPipes.readLink(fd).filter(identities::contains).isPresent()) {
                    return true;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // gone, or not ours to inspect
        }
        return false;
    }
}
