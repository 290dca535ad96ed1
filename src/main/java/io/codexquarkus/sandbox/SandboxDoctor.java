package io.codexquarkus.sandbox;

import io.codexquarkus.sandbox.linux.LinuxCapabilities;
import io.codexquarkus.sandbox.linux.LinuxSandboxHelper;
import io.codexquarkus.sandbox.seatbelt.SeatbeltPolicy;
import java.util.ArrayList;
import java.util.List;

/** The text of {@code codex-quarkus sandbox doctor}: what this host supports and which sandbox commands get. */
public final class SandboxDoctor {
    private SandboxDoctor() {}

    /** The report lines, and whether the platform sandbox can enforce every policy. */
    public record Report(List<String> lines, boolean usable) {
        public Report {
            lines = List.copyOf(lines);
        }
    }

    public static Report report(SandboxManager manager) {
        List<String> lines = new ArrayList<>();
        String os = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        SandboxType platform = manager.platformSandbox();
        LinuxCapabilities caps = manager.linuxCapabilities();
        if (caps == null) {
            lines.add("system:          " + os);
            lines.add("sandbox:         " + platform.displayName()
                    + (platform == SandboxType.MACOS_SEATBELT ? " (" + SeatbeltPolicy.SANDBOX_EXEC + ")" : ""));
            return new Report(lines, platform != SandboxType.NONE);
        }
        lines.add("system:          " + os + ", kernel " + (caps.kernel() == null ? "unknown" : caps.kernel()));
        if (caps.probeError() != null) {
            lines.add("probe:           failed: " + caps.probeError());
        }
        lines.add("namespaces:      " + namespaces(caps));
        lines.add("capabilities:    all dropped for sandboxed commands (bounding, ambient, inheritable, effective,"
                + " permitted), no_new_privs set");
        lines.add("landlock:        " + landlock(caps));
        lines.add("landlock scopes: "
                + (caps.landlockScopes()
                        ? "signals and abstract unix sockets stay inside the sandbox"
                        : "none (ABI 6 needed): sandboxed commands can signal outside processes and reach abstract"
                                + " unix sockets"));
        lines.add("seccomp:         "
                + (caps.seccomp()
                        ? "filters available: new namespaces, ptrace, BPF, mounts, keyrings and io_uring denied;"
                                + " without network, every call that reaches an address denied (AF_UNIX only)"
                        : "unavailable: " + caps.seccompError()));
        lines.add("sandbox:         " + platform.displayName()
                + (caps.usable()
                        ? ": read-only, workspace-write and network restriction are enforced"
                        : ": commands cannot be sandboxed"));
        if (!caps.usable()) {
            lines.add("missing:         " + caps.missing());
        }
        LinuxSandboxHelper helper = manager.linuxHelper();
        lines.add("helper:          " + String.join(" ", helper.currentCommand()));
        if (helper.aotCacheFile() != null) {
            boolean ready = helper.aotCacheFresh();
            lines.add("helper cache:    " + helper.aotCacheFile()
                    + (ready ? " (ready)" : " (not built yet; built in the background on first use)"));
            if (ready) {
                lines.add("helper, cold:    " + String.join(" ", helper.baseCommand()));
            }
        }
        return new Report(lines, caps.usable());
    }

    private static String namespaces(LinuxCapabilities caps) {
        return switch (caps.mountNamespaces()) {
            case PRIVILEGED ->
                "mount namespace (privileged): read-only view of the file system, writable roots bound"
                        + " read-write, .git and .codex under them read-only";
            case USER_NAMESPACE ->
                "user + mount namespace: read-only view of the file system, writable roots bound"
                        + " read-write, .git and .codex under them read-only";
            case UNAVAILABLE ->
                "unavailable (" + caps.userNamespaces() + "): FALLBACK to Landlock alone, which does"
                        + " not stop permission, owner, time or xattr changes outside the writable roots and leaves .git"
                        + " and .codex under them writable";
        };
    }

    private static String landlock(LinuxCapabilities caps) {
        if (!caps.landlock()) {
            return "unavailable: " + caps.landlockProblem();
        }
        int abi = caps.landlockAbi();
        StringBuilder text = new StringBuilder("ABI ").append(abi);
        if (abi < 2) {
            text.append(" (files cannot be moved or linked between directories: REFER needs ABI 2)");
        } else if (abi < 3) {
            text.append(" (truncation outside writable roots is not blocked: TRUNCATE needs ABI 3)");
        } else if (abi < 5) {
            text.append(" (device ioctls are not restricted: IOCTL_DEV needs ABI 5)");
        } else {
            text.append(" (every file-system right handled)");
        }
        return text.toString();
    }
}
