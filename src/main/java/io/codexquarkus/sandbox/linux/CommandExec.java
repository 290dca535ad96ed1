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
        return prepare(sys, argv, env, path).exec(sys);
    }

    /**
     * Everything an exec needs in native memory, made ahead of time: the argument and environment blocks, each
     * candidate program path along {@code PATH}, and the shell fallback for a script without {@code #!}. {@link
     * Prepared#exec} then only makes system calls, so it may run in a forked child.
     *
     * @param path the {@code PATH} value to search, or {@code null} for the default
     */
    static Prepared prepare(Syscalls sys, List<byte[]> argv, List<byte[]> env, byte[] path) {
        byte[] file = argv.get(0);
        MemorySegment argvBlock = pointerArray(sys, argv);
        MemorySegment envBlock = pointerArray(sys, env);
        List<byte[]> candidates = new ArrayList<>();
        if (file.length > 0 && indexOf(file, (byte) '/', 0) >= 0) {
            candidates.add(file);
        } else if (file.length > 0) {
            byte[] search = path == null ? DEFAULT_PATH : path;
            int start = 0;
            while (start <= search.length) {
                int end = indexOf(search, (byte) ':', start);
                if (end < 0) {
                    end = search.length;
                }
                candidates.add(join(search, start, end, file));
                start = end + 1;
            }
        }
        long[] targets = new long[candidates.size()];
        long[] shellArgv = new long[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            targets[i] = sys.cString(candidates.get(i)).address();
            List<byte[]> viaShell = new ArrayList<>(argv.size() + 1);
            viaShell.add(SH);
            viaShell.add(candidates.get(i));
            viaShell.addAll(argv.subList(1, argv.size()));
            shellArgv[i] = pointerArray(sys, viaShell).address();
        }
        return new Prepared(
                targets,
                argvBlock.address(),
                envBlock.address(),
                shellArgv,
                sys.cString(SH).address());
    }

    /** An exec made ready by {@link #prepare}. */
    static final class Prepared {
        private final long[] targets;
        private final long argv;
        private final long env;
        private final long[] shellArgv;
        private final long shell;

        private Prepared(long[] targets, long argv, long env, long[] shellArgv, long shell) {
            this.targets = targets;
            this.argv = argv;
            this.env = env;
            this.shellArgv = shellArgv;
            this.shell = shell;
        }

        /** Tries each candidate as {@code execvp} does; returns only on failure, with the errno that explains it. */
        int exec(Syscalls sys) {
            if (targets.length == 0) {
                return Errno.ENOENT;
            }
            int execve = sys.arch.nr().execve();
            boolean sawEacces = false;
            for (int i = 0; i < targets.length; i++) {
                sys.call(execve, targets[i], argv, env);
                int errno = sys.errno();
                if (errno == Errno.ENOEXEC) {
                    // a script without "#!": run it with the shell, as execvp does
                    sys.call(execve, shell, shellArgv[i], env);
                    return sys.errno() == Errno.ENOENT ? Errno.ENOEXEC : sys.errno();
                }
                if (targets.length == 1) {
                    return errno;
                }
                switch (errno) {
                    case Errno.EACCES -> sawEacces = true;
                    case Errno.ENOENT,
                            Errno.ENOTDIR,
                            Errno.ESTALE,
                            Errno.ENODEV,
                            Errno.ETIMEDOUT,
                            Errno.EHOSTUNREACH -> {
                        // not here: try the next directory
                    }
                    default -> {
                        return errno;
                    }
                }
            }
            return sawEacces ? Errno.EACCES : Errno.ENOENT;
        }
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
