package io.codexquarkus.sandbox.linux;

/**
 * The CPU architectures the Linux helper supports, with the numbers that differ between them: the audit architecture
 * the seccomp filter checks, and the system call numbers it uses or filters. (Calls added after the two tables were
 * unified — the Landlock calls, {@code close_range}, {@code clone3}, io_uring and the new mount API — have the same
 * number on both.)
 *
 * @param auditArch {@code AUDIT_ARCH_*}, as the kernel reports it in {@code seccomp_data.arch}
 * @param x32 whether the x32 ABI shares this audit architecture (its calls carry bit 30 in the number)
 */
record Arch(String name, int auditArch, boolean x32, Numbers nr, ProcessCalls proc, Network net, Containment contain) {
    static final Arch X86_64 = new Arch(
            "x86_64",
            0xC000003E,
            true,
            new Numbers(59, 157, 317, 257, 3, 14, 72),
            new ProcessCalls(109, 110, 39, 62, 272, 165, 126, 61, 293, 0, 1, 231, 102, 104, 271, 267, 80, 292),
            new Network(41, 53, 42, 43, 288, 49, 50, 52, 51, 48, 44, 46, 307, 299, 55, 54, 101),
            new Containment(56, 308, 321, 310, 311, 166, 155, 161, 250, 248, 249));
    static final Arch AARCH64 = new Arch(
            "aarch64",
            0xC00000B7,
            false,
            new Numbers(221, 167, 277, 56, 57, 135, 25),
            new ProcessCalls(154, 173, 172, 129, 97, 40, 91, 260, 59, 63, 64, 94, 174, 176, 73, 78, 49, 24),
            new Network(198, 199, 203, 202, 242, 200, 201, 205, 204, 210, 206, 211, 269, 243, 209, 208, 117),
            new Containment(220, 268, 280, 270, 271, 39, 41, 51, 219, 217, 218));

    static final int LANDLOCK_CREATE_RULESET = 444;
    static final int LANDLOCK_ADD_RULE = 445;
    static final int LANDLOCK_RESTRICT_SELF = 446;
    static final int CLOSE_RANGE = 436;
    static final int CLONE3 = 435;
    static final int IO_URING_SETUP = 425;
    static final int IO_URING_ENTER = 426;
    static final int IO_URING_REGISTER = 427;
    /** The new mount API: {@code open_tree} to {@code fspick}, and {@code mount_setattr}. */
    static final int[] NEW_MOUNT_API = {428, 429, 430, 431, 432, 433, 442};

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

    /** System calls the helper makes to start the command. */
    record Numbers(int execve, int prctl, int seccomp, int openat, int close, int rtSigprocmask, int fcntl) {}

    /** System calls the helper makes for process groups, namespaces, mounts and privileges. */
    record ProcessCalls(
            int setpgid,
            int getppid,
            int getpid,
            int kill,
            int unshare,
            int mount,
            int capset,
            int wait4,
            int pipe2,
            int read,
            int write,
            int exitGroup,
            int getuid,
            int getgid,
            int ppoll,
            int readlinkat,
            int chdir,
            int dup3) {}

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
            int sendmsg,
            int sendmmsg,
            int recvmmsg,
            int getsockopt,
            int setsockopt,
            int ptrace) {}

    /**
     * The calls the containment filter looks at whatever the network policy: new namespaces, BPF, other processes'
     * memory, mounts, kernel keyrings.
     */
    record Containment(
            int cloneCall,
            int setns,
            int bpf,
            int processVmReadv,
            int processVmWritev,
            int umount2,
            int pivotRoot,
            int chroot,
            int keyctl,
            int addKey,
            int requestKey) {}
}
