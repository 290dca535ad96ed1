package io.codexquarkus.sandbox.linux;

/**
 * The CPU architectures the Linux helper supports, with the numbers that differ between them: the audit architecture
 * the seccomp filter checks, and the system call numbers it uses or filters. (The Landlock calls, 444 to 446, and
 * {@code close_range}, 436, are the same on both.)
 *
 * @param auditArch {@code AUDIT_ARCH_*}, as the kernel reports it in {@code seccomp_data.arch}
 * @param x32 whether the x32 ABI shares this audit architecture (its calls carry bit 30 in the number)
 */
record Arch(String name, int auditArch, boolean x32, Numbers nr, Network net) {
    static final Arch X86_64 = new Arch(
            "x86_64",
            0xC000003E,
            true,
            new Numbers(59, 157, 317, 257, 3, 14, 72),
            new Network(41, 53, 42, 43, 288, 49, 50, 52, 51, 48, 44, 307, 299, 55, 54, 101));
    static final Arch AARCH64 = new Arch(
            "aarch64",
            0xC00000B7,
            false,
            new Numbers(221, 167, 277, 56, 57, 135, 25),
            new Network(198, 199, 203, 202, 242, 200, 201, 205, 204, 210, 206, 269, 243, 209, 208, 117));

    static final int LANDLOCK_CREATE_RULESET = 444;
    static final int LANDLOCK_ADD_RULE = 445;
    static final int LANDLOCK_RESTRICT_SELF = 446;
    static final int CLOSE_RANGE = 436;
    static final int IO_URING_SETUP = 425;
    static final int IO_URING_ENTER = 426;
    static final int IO_URING_REGISTER = 427;

    /** The architecture of this JVM, or {@code null} when the helper does not support it. */
    static Arch current() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return X86_64;
        }
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return AARCH64;
        }
        return null;
    }

    /** System calls the helper makes. */
    record Numbers(int execve, int prctl, int seccomp, int openat, int close, int rtSigprocmask, int fcntl) {}

    /** The socket system calls the network filter looks at. */
    record Network(
            int socket,
            int socketpair,
            int connect,
            int accept,
            int accept4,
            int bind,
            int listen,
            int getpeername,
            int getsockname,
            int shutdown,
            int sendto,
            int sendmmsg,
            int recvmmsg,
            int getsockopt,
            int setsockopt,
            int ptrace) {}
}
