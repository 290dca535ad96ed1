package io.codexquarkus.sandbox.linux;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * Raw Linux system calls through the C library's variadic {@code syscall(long, ...)}, with {@code errno} captured
 * right after each call. One downcall handle serves every call (always six arguments; the kernel ignores the unused
 * ones), which keeps the helper's start-up cost to a single FFM linkage.
 */
final class Syscalls {
    static final long AT_FDCWD = -100;
    static final long O_RDONLY = 0;
    static final long O_WRONLY = 1;
    static final long O_PATH = 010000000;
    static final long O_CLOEXEC = 02000000;
    static final int PATH_MAX = 4096;
    private static final int READ_CHUNK = 64 * 1024;

    final Arch arch;
    final Arena arena;
    private final MethodHandle syscall;
    private MethodHandle fork;
    private final MemorySegment callState;
    private final long errnoOffset;
    private int errno;

    private Syscalls(Arch arch, Arena arena, MethodHandle syscall) {
        this.arch = arch;
        this.arena = arena;
        this.syscall = syscall;
        MemoryLayout stateLayout = Linker.Option.captureStateLayout();
        this.callState = arena.allocate(stateLayout);
        this.errnoOffset = stateLayout.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    }

    /**
     * Links {@code syscall}.
     *
     * @throws UnsupportedOperationException when this CPU architecture is not supported
     */
    @SuppressWarnings("restricted") // the whole point: native calls, enabled with --enable-native-access
    static Syscalls open(Arena arena) {
        Arch arch = Arch.current();
        if (arch == null) {
            throw new UnsupportedOperationException(
                    "the Linux sandbox supports x86_64 and aarch64, not " + System.getProperty("os.arch"));
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find("syscall").orElse(null);
        if (symbol == null) {
            throw new UnsupportedOperationException("the C library has no syscall()");
        }
        ValueLayout.OfLong word = ValueLayout.JAVA_LONG;
        MethodHandle handle = linker.downcallHandle(
                symbol,
                FunctionDescriptor.of(word, word, word, word, word, word, word, word),
                Linker.Option.firstVariadicArg(1),
                Linker.Option.captureCallState("errno"));
        return new Syscalls(arch, arena, handle);
    }

    /** Makes the call; a negative result means failure, with the cause in {@link #errno()}. */
    long call(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        long result;
        try {
            result = (long) syscall.invokeExact(callState, nr, a1, a2, a3, a4, a5, a6);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        errno = result < 0 ? callState.get(ValueLayout.JAVA_INT, errnoOffset) : 0;
        return result;
    }

    long call(long nr, long a1, long a2, long a3) {
        return call(nr, a1, a2, a3, 0, 0, 0);
    }

    long call(long nr) {
        return call(nr, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Links the C library's {@code fork()} ahead of {@link #fork()}, so the call itself links nothing (the C
     * library's fork, not the raw system call, so that its own locks are safe to use in the child).
     */
    @SuppressWarnings("restricted") // native call, enabled with --enable-native-access
    void linkFork() {
        if (fork != null) {
            return;
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup()
                .find("fork")
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no fork()"));
        fork = linker.downcallHandle(
                symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
    }

    /** {@code fork()} after {@link #linkFork()}: the child's pid in the parent, 0 in the child, -1 on failure. */
    int fork() {
        int result;
        try {
            result = (int) fork.invokeExact(callState);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        errno = result < 0 ? callState.get(ValueLayout.JAVA_INT, errnoOffset) : 0;
        return result;
    }

    /** The errno of the last failed call, 0 after a successful one. */
    int errno() {
        return errno;
    }

    /** A NUL-terminated copy of {@code bytes}. */
    MemorySegment cString(byte[] bytes) {
        MemorySegment segment = arena.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        segment.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        return segment;
    }

    MemorySegment cString(String text) {
        return cString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code openat(AT_FDCWD, path, O_PATH | O_CLOEXEC)}: a handle for Landlock rules; negative on failure. */
    int openPath(byte[] path) {
        return (int) call(arch.nr().openat(), AT_FDCWD, cString(path).address(), O_PATH | O_CLOEXEC);
    }

    void close(int fd) {
        call(arch.nr().close(), fd, 0, 0);
    }

    /**
     * A whole file, read to its end, or {@code null} when it cannot be read or is longer than {@code max} bytes (never
     * a truncated copy: a mount table cut short would leave mounts out of the read-only view).
     */
    byte[] readFile(byte[] path, int max) {
        int fd = (int) call(arch.nr().openat(), AT_FDCWD, cString(path).address(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return null;
        }
        try {
            // a small buffer read repeatedly: the arena zeroes what it allocates, and a 1 MiB buffer for a 2 KiB mount
            // table cost the helper ~5 ms of page faults
            int chunk = Math.min(max + 1, READ_CHUNK);
            MemorySegment buffer = arena.allocate(chunk);
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                long length = call(arch.proc().read(), fd, buffer.address(), chunk);
                if (length < 0) {
                    return null;
                }
                if (length == 0) {
                    return content.toByteArray();
                }
                content.writeBytes(buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
                if (content.size() > max) {
                    return null;
                }
            }
        } finally {
            close(fd);
        }
    }

    /**
     * The canonical path of {@code path} (every symlink followed, as the kernel resolves it), byte for byte, or
     * {@code null} when it cannot be opened: the link {@code /proc/self/fd/N} of an {@code O_PATH} handle.
     */
    byte[] realPath(byte[] path) {
        int fd = openPath(path);
        if (fd < 0) {
            return null;
        }
        try {
            MemorySegment buffer = arena.allocate(PATH_MAX);
            long length = call(
                    arch.proc().readlinkat(),
                    AT_FDCWD,
                    cString("/proc/self/fd/" + fd).address(),
                    buffer.address(),
                    PATH_MAX,
                    0,
                    0);
            if (length <= 0 || length >= PATH_MAX) {
                return null;
            }
            return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        } finally {
            close(fd);
        }
    }
}
