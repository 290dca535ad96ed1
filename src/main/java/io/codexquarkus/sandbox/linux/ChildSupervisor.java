package io.codexquarkus.sandbox.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The unprivileged path: a JVM has many threads and cannot enter a user namespace itself, so the helper forks a child
 * that enters one, confines itself and executes the command, while the helper waits for it and exits with its
 * status. The child reports over a close-on-exec pipe: warnings as it goes, a fatal step if it fails, and nothing but
 * the pipe's end-of-file once {@code execve} succeeded.
 *
 * <p>Everything the child touches is allocated and loaded before the fork: between fork and exec only system calls
 * are made. A child forked from a JVM holds none of the JVM's other threads, so a lock one of them held at the fork
 * is never released in the child: loading a class or compiling code there could hang. The helper's JVM therefore runs
 * interpreted ({@code -Xint}, no compiler threads), which for a few dozen system calls costs nothing measurable. The helper itself carries {@code PR_SET_PDEATHSIG} (set by {@link Confinement#tieToParent}), and the child
 * is tied to the helper, so a killed server takes both down.
 */
final class ChildSupervisor {
    /** A notice record: kind, then three numbers. */
    static final int RECORD_BYTES = 16;

    static final int KIND_MOUNT_WARNING = 1;
    static final int KIND_NAMESPACES_UNAVAILABLE = 2;
    static final int KIND_FATAL = 3;

    private static final int O_CLOEXEC = 02000000;
    private static final int POLLIN = 1;
    private static final long WATCHDOG_NANOS = 10_000_000_000L;

    /** What the parent learns from the child, in order. */
    interface Listener extends Confinement.Notices {
        void fatal(int step, int index, int errno);

        /** The child did not report within the watchdog's time and was killed. */
        void unresponsive();
    }

    private final Syscalls sys;
    private final Confinement confinement;
    private final MemorySegment fds;
    private final MemorySegment record;
    private final MemorySegment pollFd;
    private final MemorySegment timeout;
    private final MemorySegment status;

    ChildSupervisor(Syscalls sys, Confinement confinement) {
        this.sys = sys;
        this.confinement = confinement;
        this.fds = sys.arena.allocate(8, 4);
        this.record = sys.arena.allocate(RECORD_BYTES, 4);
        this.pollFd = sys.arena.allocate(8, 4);
        this.timeout = sys.arena.allocate(16, 8);
        this.status = sys.arena.allocate(4, 4);
    }

    /**
     * Forks the child and waits for it.
     *
     * @return the exit code to leave with: the command's, or {@code 128 + signal} when a signal ended it, or -1 when
     *     the child failed before it could run the command ({@code listener} was told why)
     */
    int run(Listener listener) {
        if (sys.call(sys.arch.proc().pipe2(), fds.address(), O_CLOEXEC, 0) < 0) {
            listener.fatal(Confinement.STEP_USER_NAMESPACE, 0, sys.errno());
            return -1;
        }
        int readEnd = fds.get(ValueLayout.JAVA_INT, 0);
        int writeEnd = fds.get(ValueLayout.JAVA_INT, 4);
        // made (and its class loaded) before the fork: the child must not allocate or load anything
        PipeNotices notices = new PipeNotices(writeEnd);
        int pid = sys.fork();
        if (pid < 0) {
            listener.fatal(Confinement.STEP_USER_NAMESPACE, 0, sys.errno());
            return -1;
        }
        if (pid == 0) {
            sys.close(readEnd);
            confinement.enterAndExec(notices, false);
            notices.send(KIND_FATAL, confinement.failedStep(), confinement.failedIndex(), confinement.failedErrno());
            sys.call(sys.arch.proc().exitGroup(), 127, 0, 0);
        }
        sys.close(writeEnd);
        boolean reported = readNotices(readEnd, listener);
        sys.close(readEnd);
        if (!reported) {
            sys.call(sys.arch.proc().kill(), pid, 9, 0);
            listener.unresponsive();
        }
        return awaitExit(pid, reported);
    }

    /** Reads notices until the pipe closes; false when the watchdog ran out first. */
    private boolean readNotices(int fd, Listener listener) {
        long deadline = System.nanoTime() + WATCHDOG_NANOS;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            pollFd.set(ValueLayout.JAVA_INT, 0, fd);
            pollFd.set(ValueLayout.JAVA_SHORT, 4, (short) POLLIN);
            pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            timeout.set(ValueLayout.JAVA_LONG, 0, left / 1_000_000_000L);
            timeout.set(ValueLayout.JAVA_LONG, 8, left % 1_000_000_000L);
            long ready = sys.call(sys.arch.proc().ppoll(), pollFd.address(), 1, timeout.address(), 0, 8, 0);
            if (ready < 0 && sys.errno() == Errno.EINTR) {
                continue;
            }
            if (ready <= 0) {
                return ready < 0; // an error: stop reading, the exit status still tells
            }
            long n = sys.call(sys.arch.proc().read(), fd, record.address(), RECORD_BYTES);
            if (n < 0 && sys.errno() == Errno.EINTR) {
                continue;
            }
            if (n != RECORD_BYTES) {
                return true; // end of file: the command is running (or the child died, which wait4 tells)
            }
            int kind = record.get(ValueLayout.JAVA_INT, 0);
            int a = record.get(ValueLayout.JAVA_INT, 4);
            int b = record.get(ValueLayout.JAVA_INT, 8);
            int c = record.get(ValueLayout.JAVA_INT, 12);
            switch (kind) {
                case KIND_MOUNT_WARNING -> listener.mountFailed(a, b);
                case KIND_NAMESPACES_UNAVAILABLE -> listener.namespacesUnavailable(a);
                case KIND_FATAL -> listener.fatal(a, b, c);
                default -> {}
            }
        }
    }

    private int awaitExit(int pid, boolean reported) {
        while (true) {
            long result = sys.call(sys.arch.proc().wait4(), pid, status.address(), 0, 0, 0, 0);
            if (result < 0) {
                if (sys.errno() == Errno.EINTR) {
                    continue;
                }
                return -1;
            }
            int raw = status.get(ValueLayout.JAVA_INT, 0);
            int signal = raw & 0x7f;
            if (!reported) {
                return -1;
            }
            return signal == 0 ? (raw >> 8) & 0xff : 128 + signal;
        }
    }

    /** The child's side of the pipe; every record is written with one {@code write} and no allocation. */
    private final class PipeNotices implements Confinement.Notices {
        private final int fd;

        PipeNotices(int fd) {
            this.fd = fd;
        }

        @Override
        public void mountFailed(int index, int errno) {
            send(KIND_MOUNT_WARNING, index, errno, 0);
        }

        @Override
        public void namespacesUnavailable(int errno) {
            send(KIND_NAMESPACES_UNAVAILABLE, errno, 0, 0);
        }

        void send(int kind, int a, int b, int c) {
            record.set(ValueLayout.JAVA_INT, 0, kind);
            record.set(ValueLayout.JAVA_INT, 4, a);
            record.set(ValueLayout.JAVA_INT, 8, b);
            record.set(ValueLayout.JAVA_INT, 12, c);
            sys.call(sys.arch.proc().write(), fd, record.address(), RECORD_BYTES);
        }
    }
}
