package io.codexquarkus.tools.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code pipe2(2)} and {@code close(2)} through the FFM API, so the runner owns both ends of a command's output pipes
 * and knows their identity ({@code pipe:[inode]}) on Linux. Unavailable elsewhere or when native access fails; callers
 * then fall back to the JDK's own pipes.
 */
final class NativePipes {
    private static final Logger LOG = Logger.getLogger(NativePipes.class);
    private static final int O_CLOEXEC = 0x80000; // same value on x86_64 and aarch64 Linux
    private static final Optional<NativePipes> INSTANCE = load();

    private final MethodHandle pipe2;
    private final MethodHandle close;

    private NativePipes(MethodHandle pipe2, MethodHandle close) {
        this.pipe2 = pipe2;
        this.close = close;
    }

    /** The native calls, if this is Linux with {@code /proc} and the FFM linker works. */
    static Optional<NativePipes> get() {
        return INSTANCE;
    }

    @SuppressWarnings("restricted") // two plain libc calls with fixed signatures
    private static Optional<NativePipes> load() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                || !Files.isDirectory(Path.of("/proc/self/fd"))) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            MethodHandle pipe2 = linker.downcallHandle(
                    libc.find("pipe2").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            MethodHandle close = linker.downcallHandle(
                    libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return Optional.of(new NativePipes(pipe2, close));
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf(e, "native pipes unavailable; using JDK pipes");
            return Optional.empty();
        }
    }

    /** A new close-on-exec pipe: {@code [readFd, writeFd]}. */
    int[] pipe() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int rc = (int) pipe2.invokeExact(fds, O_CLOEXEC);
            if (rc != 0) {
                throw new IOException("pipe2 failed");
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("pipe2 failed", e);
        }
    }

    /** Closes a descriptor this class handed out; a negative value is ignored. */
    void close(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            int rc = (int) close.invokeExact(fd);
            if (rc != 0) {
                LOG.debugf("close(%d) failed", fd);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("close failed", e);
        }
    }
}
