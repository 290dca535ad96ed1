package io.codexquarkus.sandbox.linux;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Takes every capability away from the calling thread, for good: the bounding set (so an {@code execve} of a root
 * process regains nothing), the ambient set, then the effective, permitted and inheritable sets; and, where allowed,
 * the securebits that stop root from being special again. Without {@code CAP_SETPCAP} (an unprivileged user outside a
 * user namespace) the bounding set cannot be touched, but such a thread has no capabilities to lose, and {@code
 * no_new_privs} keeps file capabilities from adding any. Allocates nothing after {@link #Privileges}, so it may run in
 * a forked child.
 */
final class Privileges {
    private static final int PR_CAPBSET_DROP = 24;
    private static final int PR_SET_SECUREBITS = 28;
    private static final int PR_CAP_AMBIENT = 47;
    private static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    /** NOROOT, NOROOT_LOCKED, NO_CAP_AMBIENT_RAISE, NO_CAP_AMBIENT_RAISE_LOCKED. */
    private static final int SECUREBITS = 0x01 | 0x02 | 0x40 | 0x80;
    /** {@code CAP_CHECKPOINT_RESTORE}, the last capability of Linux 6.x, when the kernel does not say. */
    private static final int DEFAULT_LAST_CAP = 40;

    private final int lastCap;
    private final MemorySegment header;
    private final MemorySegment data;

    Privileges(Syscalls sys, byte[] capLastCap) {
        this.lastCap = parseLastCap(capLastCap);
        this.header = sys.arena.allocate(8, 4);
        header.set(ValueLayout.JAVA_INT, 0, LINUX_CAPABILITY_VERSION_3);
        header.set(ValueLayout.JAVA_INT, 4, 0);
        // two struct __user_cap_data_struct {effective, permitted, inheritable}, all zero
        this.data = sys.arena.allocate(24, 4);
    }

    /** The highest capability number, from {@code /proc/sys/kernel/cap_last_cap}. */
    static int parseLastCap(byte[] text) {
        if (text == null) {
            return DEFAULT_LAST_CAP;
        }
        int value = 0;
        boolean digits = false;
        for (byte b : text) {
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                digits = true;
            } else if (digits) {
                break;
            }
        }
        return digits && value < 64 ? value : DEFAULT_LAST_CAP;
    }

    /**
     * Drops them all.
     *
     * @return 0, or the errno of the call that failed ({@code capset}, or a bounding-set drop that was allowed to
     *     start)
     */
    int dropAll(Syscalls sys) {
        int prctl = sys.arch.nr().prctl();
        for (int cap = 0; cap <= lastCap; cap++) {
            if (sys.call(prctl, PR_CAPBSET_DROP, cap, 0, 0, 0, 0) < 0) {
                int errno = sys.errno();
                if (errno == Errno.EPERM && cap == 0) {
                    break; // no CAP_SETPCAP: nothing in the bounding set can matter (see the class comment)
                }
                if (errno != Errno.EINVAL) {
                    return errno;
                }
            }
        }
        sys.call(prctl, PR_SET_SECUREBITS, SECUREBITS, 0, 0, 0, 0); // needs CAP_SETPCAP; a bonus where it works
        sys.call(prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0, 0); // EINVAL before Linux 4.3: none
        if (sys.call(sys.arch.proc().capset(), header.address(), data.address(), 0) < 0) {
            return sys.errno();
        }
        return 0;
    }
}
