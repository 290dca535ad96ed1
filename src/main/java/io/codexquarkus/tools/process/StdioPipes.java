package io.codexquarkus.tools.process;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The stdout and stderr pipes of one command.
 *
 * <p>On Linux the runner creates the pipes itself ({@link NativePipes}) and hands the child their write ends through
 * {@code /proc/self/fd/N}. Owning the read ends means the JDK never closes them behind the readers' back when the
 * command exits, the pipes have a known identity ({@code pipe:[inode]}) so the processes still holding them can be
 * found, and a reader stuck on a pipe a stray process keeps open can be woken by writing to the pipe ourselves.
 * Elsewhere the JDK's pipes are used, without those last two abilities, and with one more gap: if the command exits
 * before the readers start, the JDK closes the pipes at once and later output of its leftovers is lost.
 */
final class StdioPipes implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StdioPipes.class);

    private final Optional<NativePipes> natives;
    private final Map<ExecStream, OwnPipe> own = new EnumMap<>(ExecStream.class);
    private final Map<ExecStream, InputStream> streams = new EnumMap<>(ExecStream.class);
    private final Set<String> identities = new LinkedHashSet<>();

    private StdioPipes(Optional<NativePipes> natives) {
        this.natives = natives;
    }

    /**
     * Pipes for one command: our own on Linux (unless {@code ownPipes} is false), the JDK's otherwise or if creating
     * ours fails.
     */
    static StdioPipes create(boolean ownPipes) {
        Optional<NativePipes> natives = ownPipes ? NativePipes.get() : Optional.empty();
        if (natives.isPresent()) {
            StdioPipes pipes = new StdioPipes(natives);
            try {
                for (ExecStream stream : ExecStream.values()) {
                    pipes.own.put(stream, OwnPipe.open(natives.get()));
                }
                pipes.own.forEach((stream, pipe) -> {
                    pipes.streams.put(stream, pipe.in);
                    pipes.identities.add(pipe.identity);
                });
                return pipes;
            } catch (IOException | RuntimeException e) {
                LOG.debugf(e, "could not create output pipes; using JDK pipes");
                pipes.close();
            }
        }
        return new StdioPipes(Optional.empty());
    }

    /** Points the child's stdout and stderr at these pipes. */
    void configure(ProcessBuilder builder) {
        if (own.isEmpty()) {
            builder.redirectOutput(Redirect.PIPE).redirectError(Redirect.PIPE);
        } else {
            builder.redirectOutput(own.get(ExecStream.STDOUT).childEnd());
            builder.redirectError(own.get(ExecStream.STDERR).childEnd());
        }
    }

    /**
     * Starts {@code builder} (on the {@link Spawner} thread) with its stdout and stderr on these pipes, then drops our
     * copies of the write ends whether it started or not.
     */
    Process spawn(ProcessBuilder builder) throws IOException {
        configure(builder);
        Process process;
        try {
            process = Spawner.start(builder);
        } catch (IOException e) {
            spawnAttempted(Optional.empty());
            throw e;
        }
        spawnAttempted(Optional.of(process));
        return process;
    }

    /**
     * Called once the spawn attempt is over ({@code process} empty if it failed): drops our copies of the write ends,
     * so the readers see end-of-file when the command and its descendants are done.
     */
    void spawnAttempted(Optional<Process> process) {
        own.values().forEach(pipe -> pipe.closeWriteEnd(natives.orElseThrow()));
        if (own.isEmpty() && process.isPresent()) {
            Process p = process.get();
            streams.put(ExecStream.STDOUT, p.getInputStream());
            streams.put(ExecStream.STDERR, p.getErrorStream());
            // Best effort: the child may already be gone.
            for (int fd = 1; fd <= 2; fd++) {
                readLink(Path.of("/proc", Long.toString(p.pid()), "fd", Integer.toString(fd)))
                        .filter(link -> link.startsWith("pipe:"))
                        .ifPresent(identities::add);
            }
        }
    }

    InputStream stream(ExecStream stream) {
        return streams.get(stream);
    }

    /** {@code pipe:[inode]} names of the pipes, as {@code /proc/PID/fd/N} links show them; may be empty. */
    Set<String> identities() {
        return Set.copyOf(identities);
    }

    /**
     * Wakes readers blocked on a pipe that some stray process keeps open, by writing one byte into it. Returns whether
     * that was possible (only with our own pipes).
     */
    boolean wakeReaders() {
        own.values().forEach(OwnPipe::poke);
        return !own.isEmpty();
    }

    @Override
    public void close() {
        for (InputStream in : streams.values()) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debugf(e, "closing an output pipe failed");
            }
        }
        natives.ifPresent(n -> own.values().forEach(pipe -> pipe.close(n)));
    }

    static Optional<String> readLink(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** One pipe created by us: the read end stays open here until {@link #close}. */
    private static final class OwnPipe {
        private int readFd;
        private int writeFd;
        private final FileInputStream in;
        private final String identity;

        private OwnPipe(int readFd, int writeFd, FileInputStream in, String identity) {
            this.readFd = readFd;
            this.writeFd = writeFd;
            this.in = in;
            this.identity = identity;
        }

        static OwnPipe open(NativePipes natives) throws IOException {
            int[] fds = natives.pipe();
            try {
                Path readPath = Path.of("/proc/self/fd", Integer.toString(fds[0]));
                String identity = readLink(readPath)
                        .filter(link -> link.startsWith("pipe:"))
                        .orElseThrow(() -> new IOException("cannot identify pipe " + fds[0]));
                // Opening the read end by path gives the reader its own descriptor; fds[0] stays as a handle for
                // poke().
                FileInputStream in = new FileInputStream(readPath.toFile());
                return new OwnPipe(fds[0], fds[1], in, identity);
            } catch (IOException | RuntimeException e) {
                natives.close(fds[0]);
                natives.close(fds[1]);
                throw e;
            }
        }

        Redirect childEnd() {
            return Redirect.to(new File("/proc/self/fd/" + writeFd));
        }

        synchronized void closeWriteEnd(NativePipes natives) {
            natives.close(writeFd);
            writeFd = -1;
        }

        synchronized void poke() {
            if (readFd < 0) {
                return;
            }
            try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + readFd)) {
                out.write('\n');
            } catch (IOException e) {
                LOG.debugf(e, "could not wake the reader of %s", identity);
            }
        }

        synchronized void close(NativePipes natives) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debugf(e, "closing %s failed", identity);
            }
            natives.close(writeFd);
            writeFd = -1;
            natives.close(readFd);
            readFd = -1;
        }
    }
}
