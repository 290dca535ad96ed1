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
        lines.add("landlock:        " + landlock(caps));
        lines.add("seccomp:         "
                + (caps.seccomp()
                        ? "filters available (network calls answered with EPERM)"
                        : "unavailable: " + caps.seccompError()));
        lines.add("user namespaces: "
                + (caps.userNamespaces() == null
                        ? "available (not needed by this sandbox)"
                        : "unavailable: " + caps.userNamespaces() + " (not needed by this sandbox)"));
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
