package io.codexquarkus.sandbox.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code execvp} semantics on top of the raw {@code execve} call, with byte-exact arguments and an explicit
 * environment: a name without a slash is looked up on {@code PATH} (default {@code /bin:/usr/bin}, an empty entry
 * meaning the current directory); a file the kernel will not execute for lack of a {@code #!} line runs through
 * {@code /bin/sh}; a permission error on one candidate does not stop the search but is reported if nothing else runs.
 */
final class CommandExec {
    private static final byte[] DEFAULT_PATH = {'/', 'b', 'i', 'n', ':', '/', 'u', 's', 'r', '/', 'b', 'i', 'n'};
    private static final byte[] SH = {'/', 'b', 'i', 'n', '/', 's', 'h'};

    private CommandExec() {}

    /**
     * Replaces this process with {@code argv}. Returns only on failure, with the errno that explains it.
     *
     * @param path the {@code PATH} value to search, or {@code null} for the default
     */
    static int execvp(Syscalls sys, List<byte[]> argv, List<byte[]> env, byte[] path) {
        byte[] file = argv.get(0);
        if (file.length == 0) {
            return Errno.ENOENT;
        }
        MemorySegment argvBlock = pointerArray(sys, argv);
        MemorySegment envBlock = pointerArray(sys, env);
        if (indexOf(file, (byte) '/', 0) >= 0) {
            return execOne(sys, file, argv, argvBlock, envBlock);
        }
        byte[] search = path == null ? DEFAULT_PATH : path;
        boolean sawEacces = false;
        int start = 0;
        while (start <= search.length) {
            int end = indexOf(search, (byte) ':', start);
            if (end < 0) {
                end = search.length;
            }
            byte[] candidate = join(search, start, end, file);
            int errno = execOne(sys, candidate, argv, argvBlock, envBlock);
            switch (errno) {
                case Errno.EACCES -> sawEacces = true;
                case Errno.ENOENT, Errno.ENOTDIR, Errno.ESTALE, Errno.ENODEV, Errno.ETIMEDOUT, Errno.EHOSTUNREACH -> {
                    // not here: try the next directory
                }
                default -> {
                    return errno;
                }
            }
            start = end + 1;
        }
        return sawEacces ? Errno.EACCES : Errno.ENOENT;
    }

    private static int execOne(
            Syscalls sys, byte[] file, List<byte[]> argv, MemorySegment argvBlock, MemorySegment envBlock) {
        MemorySegment target = sys.cString(file);
        sys.call(sys.arch.nr().execve(), target.address(), argvBlock.address(), envBlock.address());
        int errno = sys.errno();
        if (errno != Errno.ENOEXEC) {
            return errno;
        }
        // a script without "#!": run it with the shell, as execvp does
        List<byte[]> shellArgv = new ArrayList<>(argv.size() + 1);
        shellArgv.add(SH);
        shellArgv.add(file);
        shellArgv.addAll(argv.subList(1, argv.size()));
        sys.call(
                sys.arch.nr().execve(),
                sys.cString(SH).address(),
                pointerArray(sys, shellArgv).address(),
                envBlock.address());
        return sys.errno() == Errno.ENOENT ? Errno.ENOEXEC : sys.errno();
    }

    /** A NULL-terminated {@code char *[]} of NUL-terminated copies of {@code items}. */
    private static MemorySegment pointerArray(Syscalls sys, List<byte[]> items) {
        MemorySegment block = sys.arena.allocate(ValueLayout.ADDRESS, items.size() + 1L);
        for (int i = 0; i < items.size(); i++) {
            block.setAtIndex(ValueLayout.ADDRESS, i, sys.cString(items.get(i)));
        }
        block.setAtIndex(ValueLayout.ADDRESS, items.size(), MemorySegment.NULL);
        return block;
    }

    /** {@code dir + "/" + file}; an empty {@code dir} is the current directory. */
    private static byte[] join(byte[] search, int start, int end, byte[] file) {
        if (start == end) {
            return file.clone();
        }
        byte[] joined = new byte[end - start + 1 + file.length];
        System.arraycopy(search, start, joined, 0, end - start);
        joined[end - start] = '/';
        System.arraycopy(file, 0, joined, end - start + 1, file.length);
        return joined;
    }

    static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
