package io.codexquarkus.sandbox.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Every layer of the sandbox, prepared ahead of time, and the one sequence that puts them on the calling thread and
 * executes the command:
 *
 * <ol>
 *   <li>parent-death signal ({@code SIGKILL} when whoever started the helper dies), checked against a parent that is
 *       already gone;
 *   <li>in a forked child only: a new user and mount namespace, with this user mapped to itself;
 *   <li>the read-only file-system view ({@link FileSystemView});
 *   <li>no capabilities ({@link Privileges});
 *   <li>{@code no_new_privs}, then Landlock (file-system rules and scopes), then the seccomp filter;
 *   <li>a clean process state (no blocked signals, no inherited descriptors beyond 0–2), then {@code execve}.
 * </ol>
 *
 * The sequence makes system calls only (everything it needs was allocated by {@link SandboxSetup}), because in the
 * unprivileged case it runs in a child forked from this multithreaded JVM, where nothing but the forking thread
 * exists. It returns only when a step failed: {@link #failedStep()}, {@link #failedIndex()} and {@link #failedErrno()}
 * say which and why.
 */
final class Confinement {
    static final int STEP_PARENT = 1;
    static final int STEP_USER_NAMESPACE = 2;
    static final int STEP_ID_MAP = 3;
    static final int STEP_MOUNT = 4;
    static final int STEP_CAPABILITIES = 5;
    static final int STEP_NO_NEW_PRIVS = 6;
    static final int STEP_LANDLOCK = 7;
    static final int STEP_SECCOMP = 8;
    static final int STEP_EXEC = 9;

    /** {@code CLONE_NEWUSER | CLONE_NEWNS}. */
    static final long NEW_USER_AND_MOUNT = 0x10000000L | 0x00020000L;

    private static final int PR_SET_PDEATHSIG = 1;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int SIGKILL = 9;
    private static final int SIG_SETMASK = 2;
    private static final long CLOSE_RANGE_CLOEXEC = 1L << 2;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;

    /** What happens to the file system; the user namespace applies to a forked child only. */
    enum Namespaces {
        /** Nothing to do: the policy leaves the file system writable. */
        NONE,
        /** This thread already entered a mount namespace of its own (the helper is privileged). */
        IN_PLACE,
        /** A forked child enters a user namespace and a mount namespace. */
        USER_NAMESPACE,
        /** Namespaces cannot be created here: Landlock alone guards the file system. */
        FALLBACK
    }

    /**
     * Pre-built writes for a user namespace's {@code setgroups}, {@code uid_map} and {@code gid_map}: this user and
     * group mapped to themselves, so files keep their owners and nothing gains root.
     */
    static final class IdMaps {
        private final long[] files = new long[3];
        private final long[] contents = new long[3];
        private final long[] lengths = new long[3];

        IdMaps(Syscalls sys, long uid, long gid) {
            String[][] entries = {
                {"/proc/self/setgroups", "deny"},
                {"/proc/self/uid_map", uid + " " + uid + " 1\n"},
                {"/proc/self/gid_map", gid + " " + gid + " 1\n"}
            };
            for (int i = 0; i < 3; i++) {
                files[i] = sys.cString(entries[i][0]).address();
                contents[i] = sys.cString(entries[i][1]).address();
                lengths[i] = entries[i][1].length();
            }
        }
    }

    private final Syscalls sys;
    private final long expectedParent;
    private final IdMaps idMaps;
    private final FileSystemView view;
    private final Privileges privileges;
    private final int ruleset;
    private final MemorySegment seccomp;
    private final CommandExec.Prepared exec;
    private final MemorySegment emptySignalSet;

    private int failedStep;
    private int failedIndex;
    private int failedErrno;

    /**
     * @param expectedParent the pid the parent-death signal is tied to; the command is not run when its parent is
     *     already another
     * @param idMaps for a forked child: enter a user and mount namespace first; {@code null} otherwise
     * @param view the mounts to make, or {@code null} for none
     * @param privileges {@code null} to keep capabilities (a policy with full access)
     * @param ruleset a Landlock ruleset descriptor, or -1 for none
     * @param seccomp a compiled filter, or {@code null} for none
     */
    Confinement(
            Syscalls sys,
            long expectedParent,
            IdMaps idMaps,
            FileSystemView view,
            Privileges privileges,
            int ruleset,
            MemorySegment seccomp,
            List<byte[]> command,
            List<byte[]> env,
            byte[] path) {
        this.sys = sys;
        this.expectedParent = expectedParent;
        this.idMaps = idMaps;
        this.view = view;
        this.privileges = privileges;
        this.ruleset = ruleset;
        this.seccomp = seccomp;
        this.exec = CommandExec.prepare(sys, command, env, path);
        this.emptySignalSet = sys.arena.allocate(8, 8);
    }

    /** Told what the sequence could not do although the command still runs sandboxed. */
    interface Notices extends FileSystemView.Warnings {
        /** A forked child could not enter its namespaces; Landlock alone guards the file system. */
        void namespacesUnavailable(int errno);
    }

    /**
     * Confines the calling thread and executes the command; returns only on failure.
     *
     * @param training leave this JVM's descriptors alone (the AOT training run, whose exec is meant to fail)
     */
    void enterAndExec(Notices notices, boolean training) {
        int prctl = sys.arch.nr().prctl();
        if (!tieToParent(sys, expectedParent)) {
            fail(STEP_PARENT, 0, sys.errno());
            return;
        }
        boolean mounts = view != null;
        if (idMaps != null) {
            if (sys.call(sys.arch.proc().unshare(), NEW_USER_AND_MOUNT, 0, 0) < 0) {
                // the policy still holds through Landlock; the listener says what is lost
                notices.namespacesUnavailable(sys.errno());
                mounts = false;
            } else if (!writeIdMaps()) {
                return;
            }
        }
        if (mounts) {
            int failed = view.apply(sys, notices);
            if (failed >= 0) {
                fail(STEP_MOUNT, failed, sys.errno());
                return;
            }
        }
        if (privileges != null) {
            int errno = privileges.dropAll(sys);
            if (errno != 0) {
                fail(STEP_CAPABILITIES, 0, errno);
                return;
            }
        }
        if (ruleset >= 0 || seccomp != null) {
            if (sys.call(prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) < 0) {
                fail(STEP_NO_NEW_PRIVS, 0, sys.errno());
                return;
            }
        }
        if (ruleset >= 0) {
            int errno = Landlock.restrictSelf(sys, ruleset);
            if (errno != 0) {
                fail(STEP_LANDLOCK, 0, errno);
                return;
            }
            sys.close(ruleset);
        }
        if (seccomp != null) {
            int errno = SeccompFilter.install(sys, seccomp);
            if (errno != 0) {
                fail(STEP_SECCOMP, 0, errno);
                return;
            }
        }
        if (training) {
            cleanProcessStateMask();
        } else {
            cleanProcessState();
        }
        fail(STEP_EXEC, 0, exec.exec(sys));
    }

    /**
     * {@code SIGKILL} for the calling thread when its parent dies ({@code PR_SET_PDEATHSIG}); false when that failed
     * or when the parent is no longer {@code expectedParent} (it died before the signal was armed).
     */
    static boolean tieToParent(Syscalls sys, long expectedParent) {
        return sys.call(sys.arch.nr().prctl(), PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, 0) == 0
                && sys.call(sys.arch.proc().getppid()) == expectedParent;
    }

    private boolean writeIdMaps() {
        int write = sys.arch.proc().write();
        for (int i = 0; i < idMaps.files.length; i++) {
            int fd = (int) sys.call(
                    sys.arch.nr().openat(), Syscalls.AT_FDCWD, idMaps.files[i], Syscalls.O_WRONLY | Syscalls.O_CLOEXEC);
            if (fd < 0) {
                fail(STEP_ID_MAP, i, sys.errno());
                return false;
            }
            long written = sys.call(write, fd, idMaps.contents[i], idMaps.lengths[i]);
            int errno = sys.errno();
            sys.close(fd);
            if (written != idMaps.lengths[i]) {
                fail(STEP_ID_MAP, i, written < 0 ? errno : Errno.EINVAL);
                return false;
            }
        }
        return true;
    }

    /**
     * No blocked signals (the JVM blocks some on its threads) and no descriptor beyond stdin, stdout and stderr (the
     * JVM keeps a few open without close-on-exec).
     */
    private void cleanProcessState() {
        cleanProcessStateMask();
        if (sys.call(Arch.CLOSE_RANGE, 3, 0xFFFFFFFFL, CLOSE_RANGE_CLOEXEC) == 0) {
            return;
        }
        // before Linux 5.11: mark every plausible descriptor; fcntl on a closed one just fails with EBADF
        for (int fd = 3; fd < 4096; fd++) {
            sys.call(sys.arch.nr().fcntl(), fd, F_SETFD, FD_CLOEXEC);
        }
    }

    private void cleanProcessStateMask() {
        emptySignalSet.set(ValueLayout.JAVA_LONG, 0, 0L);
        sys.call(sys.arch.nr().rtSigprocmask(), SIG_SETMASK, emptySignalSet.address(), 0, 8, 0, 0);
    }

    private void fail(int step, int index, int errno) {
        failedStep = step;
        failedIndex = index;
        failedErrno = errno;
    }

    int failedStep() {
        return failedStep;
    }

    int failedIndex() {
        return failedIndex;
    }

    int failedErrno() {
        return failedErrno;
    }

    FileSystemView view() {
        return view;
    }
}
