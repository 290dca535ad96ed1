package io.codexquarkus.sandbox.linux;

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
    static final long O_PATH = 010000000;
    static final long O_CLOEXEC = 02000000;

    final Arch arch;
    final Arena arena;
    private final MethodHandle syscall;
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
}
