package io.codexquarkus.sandbox.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What this Linux host offers the sandbox, probed without changing anything: the CPU architecture, the Landlock ABI,
 * whether seccomp filters can return an errno, and whether user namespaces are open (which a bubblewrap backend would
 * need; the Landlock helper does not).
 *
 * @param arch {@code x86_64} or {@code aarch64}, or {@code null} when the helper does not support this CPU
 * @param landlockAbi 1 or more, or minus the errno of the version query
 * @param seccompError {@code null} when filters with {@code SECCOMP_RET_ERRNO} work, else why not
 * @param userNamespaces {@code null} when unprivileged user namespaces are allowed, else why not
 * @param privilegedMounts whether this process may create a mount namespace itself ({@code CAP_SYS_ADMIN})
 * @param probeError {@code null}, or why the probe itself could not run (e.g. native access denied)
 */
public record LinuxCapabilities(
        String arch,
        String kernel,
        int landlockAbi,
        String seccompError,
        String userNamespaces,
        boolean privilegedMounts,
        String probeError) {
    private static final int SECCOMP_GET_ACTION_AVAIL = 2;
    private static final long CLONE_NEWNS = 0x00020000L;
    private static final int SECCOMP_RET_ERRNO = 0x00050000;
    private static final int SECCOMP_RET_KILL_PROCESS = 0x80000000;

    public boolean landlock() {
        return landlockAbi >= 1;
    }

    /** Why Landlock cannot be used, or {@code null} when it can. */
    public String landlockProblem() {
        return landlock() ? null : Landlock.unavailableReason(landlockAbi);
    }

    /** How the helper gets the mount namespace of the read-only view. */
    public enum MountNamespaces {
        /** The helper may create one itself (privileged, typically root). */
        PRIVILEGED,
        /** Inside a new user namespace, from a forked child. */
        USER_NAMESPACE,
        /** Not at all: Landlock alone guards the file system. */
        UNAVAILABLE
    }

    public MountNamespaces mountNamespaces() {
        if (privilegedMounts) {
            return MountNamespaces.PRIVILEGED;
        }
        return userNamespaces == null ? MountNamespaces.USER_NAMESPACE : MountNamespaces.UNAVAILABLE;
    }

    /** The Landlock scopes the sandbox uses (ABI 6 and later): signals and abstract unix sockets. */
    public boolean landlockScopes() {
        return Landlock.scopes(landlockAbi) != 0;
    }

    public boolean seccomp() {
        return seccompError == null && probeError == null;
    }

    /** Whether the helper can enforce every policy: file-system rules and the network filter. */
    public boolean usable() {
        return probeError == null && arch != null && landlock() && seccomp();
    }

    /**
     * One line naming what is missing and what to do, or {@code null} when {@link #usable()}.
     */
    public String missing() {
        List<String> missing = new ArrayList<>();
        if (probeError != null) {
            missing.add(probeError);
        } else {
            if (arch == null) {
                missing.add("the Linux sandbox supports x86_64 and aarch64 only");
            }
            if (!landlock()) {
                missing.add(Landlock.unavailableReason(landlockAbi));
            }
            if (!seccomp()) {
                missing.add("seccomp filters are unavailable (" + seccompError + ")");
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        return String.join("; ", missing)
                + "; run with sandbox_mode=\"danger-full-access\" (no sandbox) or on a kernel with Landlock and seccomp";
    }

    /** Probes the running kernel. */
    public static LinuxCapabilities probe() {
        String kernel = readFirstLine(Path.of("/proc/sys/kernel/osrelease"));
        String userNamespaces = userNamespaceProblem();
        Arch arch = Arch.current();
        if (arch == null) {
            return new LinuxCapabilities(null, kernel, 0, "unsupported architecture", userNamespaces, false, null);
        }
        String archName = arch.name();
        try (Arena arena = Arena.ofConfined()) {
            Syscalls sys = Syscalls.open(arena);
            int abi = Landlock.abi(sys);
            MemorySegment action = arena.allocate(4, 4);
            String seccompError = null;
            for (int candidate : new int[] {SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_PROCESS}) {
                action.set(ValueLayout.JAVA_INT, 0, candidate);
                if (sys.call(arch.nr().seccomp(), SECCOMP_GET_ACTION_AVAIL, 0, action.address()) < 0) {
                    seccompError = "seccomp(SECCOMP_GET_ACTION_AVAIL) failed: " + Errno.describe(sys.errno());
                    break;
                }
            }
            return new LinuxCapabilities(
                    archName, kernel, abi, seccompError, userNamespaces, probePrivilegedMounts(), null);
        } catch (RuntimeException e) {
            return new LinuxCapabilities(
                    archName,
                    kernel,
                    0,
                    "not probed",
                    userNamespaces,
                    false,
                    "cannot make system calls from Java (" + e.getMessage()
                            + "); start the JVM with --enable-native-access=ALL-UNNAMED");
        }
    }

    /**
     * Whether {@code unshare(CLONE_NEWNS)} works, tried on a scratch thread (the namespace ends with the thread; this
     * process's own view is never touched).
     */
    private static boolean probePrivilegedMounts() {
        boolean[] result = new boolean[1];
        Thread probe = new Thread(
                () -> {
                    try (Arena arena = Arena.ofConfined()) {
                        Syscalls sys = Syscalls.open(arena);
                        result[0] = sys.call(sys.arch.proc().unshare(), CLONE_NEWNS, 0, 0) == 0;
                    } catch (RuntimeException e) {
                        result[0] = false;
                    }
                },
                "mount-namespace-probe");
        probe.start();
        try {
            probe.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !probe.isAlive() && result[0];
    }

    /** Why unprivileged user namespaces cannot be created here, or {@code null} when the kernel allows them. */
    static String userNamespaceProblem() {
        String max = readFirstLine(Path.of("/proc/sys/user/max_user_namespaces"));
        if ("0".equals(max)) {
            return "user.max_user_namespaces is 0";
        }
        if ("0".equals(readFirstLine(Path.of("/proc/sys/kernel/unprivileged_userns_clone")))) {
            return "kernel.unprivileged_userns_clone is 0";
        }
        if ("1".equals(readFirstLine(Path.of("/proc/sys/kernel/apparmor_restrict_unprivileged_userns")))) {
            return "AppArmor restricts unprivileged user namespaces";
        }
        if (max == null) {
            return "this kernel has no user namespaces";
        }
        return null;
    }

    private static String readFirstLine(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
