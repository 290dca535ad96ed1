package io.codexquarkus.sandbox.linux;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Landlock file-system rules for the calling thread: read and execute everywhere, every right the kernel's ABI knows
 * under the writable roots and on {@code /dev/null}. Rights a newer ABI adds (REFER from 2, TRUNCATE from 3,
 * IOCTL_DEV from 5) are handled whenever the kernel has them, and from ABI 6 the signal and abstract-socket scopes
 * keep the command from reaching processes outside the sandbox, so the sandbox is as tight as the kernel allows.
 */
final class Landlock {
    static final long EXECUTE = 1L;
    static final long WRITE_FILE = 1L << 1;
    static final long READ_FILE = 1L << 2;
    static final long READ_DIR = 1L << 3;
    static final long REMOVE_DIR = 1L << 4;
    static final long REMOVE_FILE = 1L << 5;
    static final long MAKE_CHAR = 1L << 6;
    static final long MAKE_DIR = 1L << 7;
    static final long MAKE_REG = 1L << 8;
    static final long MAKE_SOCK = 1L << 9;
    static final long MAKE_FIFO = 1L << 10;
    static final long MAKE_BLOCK = 1L << 11;
    static final long MAKE_SYM = 1L << 12;
    static final long REFER = 1L << 13;
    static final long TRUNCATE = 1L << 14;
    static final long IOCTL_DEV = 1L << 15;

    /** The highest ABI whose file-system rights this class knows; later ABIs add no file-system right. */
    static final int KNOWN_ABI = 7;

    static final long READ_ONLY = EXECUTE | READ_FILE | READ_DIR;
    /** Rights that apply to a file (not a directory); a rule on a file may only grant these. */
    static final long FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV;

    static final long SCOPE_ABSTRACT_UNIX_SOCKET = 1L;
    static final long SCOPE_SIGNAL = 1L << 1;

    private static final int CREATE_RULESET_VERSION = 1;
    private static final int RULE_PATH_BENEATH = 1;
    private static final int PR_SET_NO_NEW_PRIVS = 38;

    private Landlock() {}

    /** Every file-system right of {@code abi} (0 for no Landlock). */
    static long handledAccess(int abi) {
        if (abi < 1) {
            return 0;
        }
        long rights = EXECUTE
                | WRITE_FILE
                | READ_FILE
                | READ_DIR
                | REMOVE_DIR
                | REMOVE_FILE
                | MAKE_CHAR
                | MAKE_DIR
                | MAKE_REG
                | MAKE_SOCK
                | MAKE_FIFO
                | MAKE_BLOCK
                | MAKE_SYM;
        if (abi >= 2) {
            rights |= REFER;
        }
        if (abi >= 3) {
            rights |= TRUNCATE;
        }
        if (abi >= 5) {
            rights |= IOCTL_DEV;
        }
        return rights;
    }

    /**
     * The kernel's Landlock ABI version (1 or more), or minus the errno when Landlock is missing ({@code ENOSYS}: not
     * built in) or turned off ({@code EOPNOTSUPP}: not in the {@code lsm=} boot list).
     */
    static int abi(Syscalls sys) {
        long version = sys.call(Arch.LANDLOCK_CREATE_RULESET, 0, 0, CREATE_RULESET_VERSION);
        return version < 0 ? -sys.errno() : (int) version;
    }

    /** What to tell the user when {@link #abi} is not positive. */
    static String unavailableReason(int abi) {
        return switch (-abi) {
            case Errno.ENOSYS -> "this kernel has no Landlock (Linux 5.13+ built with CONFIG_SECURITY_LANDLOCK needed)";
            case Errno.EOPNOTSUPP ->
                "Landlock is built into this kernel but turned off (add landlock to the lsm= boot" + " parameter)";
            default -> "Landlock cannot be used here: landlock_create_ruleset failed with " + Errno.describe(-abi);
        };
    }

    /** {@code prctl(PR_SET_NO_NEW_PRIVS, 1)}, which Landlock and seccomp need and exec cannot undo. */
    static void setNoNewPrivs(Syscalls sys) {
        if (sys.call(sys.arch.nr().prctl(), PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) < 0) {
            throw unavailable("prctl(PR_SET_NO_NEW_PRIVS) failed: " + Errno.describe(sys.errno()));
        }
    }

    /**
     * The scopes of {@code abi} (0 before ABI 6): signals and abstract unix sockets stay within the sandbox, so the
     * command can neither signal nor connect to anything started outside it.
     */
    static long scopes(int abi) {
        return abi >= 6 ? SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL : 0;
    }

    /**
     * A ruleset for the calling thread: read-only everywhere, full rights under {@code writableRoots} and on {@code
     * /dev/null}, and the scopes of {@link #scopes}. Roots that do not exist are skipped. Nothing is restricted until
     * {@link #restrictSelf}.
     *
     * @param abi the kernel's ABI from {@link #abi}, at least 1
     * @return the ruleset's file descriptor (close-on-exec)
     */
    static int createRuleset(Syscalls sys, int abi, List<String> writableRoots) {
        long handled = handledAccess(Math.min(abi, KNOWN_ABI));
        long scoped = scopes(abi);
        // struct landlock_ruleset_attr: u64 handled_access_fs, u64 handled_access_net (ABI 4), u64 scoped (ABI 6)
        int size = scoped == 0 ? 8 : 24;
        MemorySegment attr = sys.arena.allocate(24, 8);
        attr.set(ValueLayout.JAVA_LONG, 0, handled);
        attr.set(ValueLayout.JAVA_LONG, 16, scoped);
        int ruleset = (int) sys.call(Arch.LANDLOCK_CREATE_RULESET, attr.address(), size, 0);
        if (ruleset < 0) {
            throw unavailable("landlock_create_ruleset failed: " + Errno.describe(sys.errno()));
        }
        try {
            MemorySegment rule = sys.arena.allocate(16, 8);
            addRule(sys, ruleset, rule, "/", READ_ONLY & handled, true);
            addRule(sys, ruleset, rule, "/dev/null", handled, true);
            for (String root : writableRoots) {
                addRule(sys, ruleset, rule, root, handled, false);
            }
            return ruleset;
        } catch (RuntimeException e) {
            sys.close(ruleset);
            throw e;
        }
    }

    /**
     * Enforces {@code ruleset} on the calling thread ({@code no_new_privs} must be set). Allocates nothing, so it may
     * run in a forked child.
     *
     * @return 0, or the errno of the failure
     */
    static int restrictSelf(Syscalls sys, int ruleset) {
        return sys.call(Arch.LANDLOCK_RESTRICT_SELF, ruleset, 0, 0) < 0 ? sys.errno() : 0;
    }

    /** What to say when {@link #restrictSelf} fails. */
    static String restrictFailure(int errno) {
        return "Landlock was not able to fully enforce all sandbox rules: landlock_restrict_self failed with "
                + Errno.describe(errno);
    }

    /**
     * Grants {@code rights} beneath {@code path}; on a file (not a directory) only the rights that apply to files.
     */
    private static void addRule(
            Syscalls sys, int ruleset, MemorySegment rule, String path, long rights, boolean required) {
        int fd = sys.openPath(path.getBytes(StandardCharsets.UTF_8));
        if (fd < 0) {
            if (!required && (sys.errno() == Errno.ENOENT || sys.errno() == Errno.ENOTDIR)) {
                return;
            }
            throw unavailable("cannot open " + path + " for a Landlock rule: " + Errno.describe(sys.errno()));
        }
        try {
            // struct landlock_path_beneath_attr is packed: u64 allowed_access, s32 parent_fd
            rule.set(ValueLayout.JAVA_LONG, 0, rights);
            rule.set(ValueLayout.JAVA_INT, 8, fd);
            long added = sys.call(Arch.LANDLOCK_ADD_RULE, ruleset, RULE_PATH_BENEATH, rule.address(), 0, 0, 0);
            if (added < 0 && sys.errno() == Errno.EINVAL) {
                rule.set(ValueLayout.JAVA_LONG, 0, rights & FILE_RIGHTS);
                added = sys.call(Arch.LANDLOCK_ADD_RULE, ruleset, RULE_PATH_BENEATH, rule.address(), 0, 0, 0);
            }
            if (added < 0) {
                throw unavailable("Landlock was not able to fully enforce all sandbox rules: adding the rule for "
                        + path + " failed with " + Errno.describe(sys.errno()));
            }
        } finally {
            sys.close(fd);
        }
    }

    private static CodexException unavailable(String message) {
        return new CodexException(ExitCode.SANDBOX_UNAVAILABLE, message);
    }
}
