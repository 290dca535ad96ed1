package io.codexquarkus.sandbox.seatbelt;

import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.WritableRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The macOS Seatbelt profile for a policy and the {@code sandbox-exec} command line that applies it. The profile is
 * the base policy (deny by default, then what any process needs to run), full read access, write access under the
 * writable roots passed as {@code -DWRITABLE_ROOT_n} parameters (minus {@code -DWRITABLE_ROOT_n_RO_m}), and the
 * network only when the policy grants it.
 */
public final class SeatbeltPolicy {
    /** Always this absolute path: a {@code sandbox-exec} found on PATH could be anything. */
    public static final String SANDBOX_EXEC = "/usr/bin/sandbox-exec";

    /** The base profile: closed by default, then what ordinary tools need to start and run. */
    public static final String BASE_POLICY = """
            (version 1)

            ; Everything is denied unless a rule below allows it. The rules follow the spirit of
            ; Chromium's renderer profile: enough for compilers, interpreters and shells to run.
            (deny default)

            ; the command may start programs; they inherit this profile
            (allow process-exec)
            (allow process-fork)
            (allow signal (target same-sandbox))
            (allow process-info* (target same-sandbox))

            ; preferences and host information (CPU counts for thread pools, e.g. Node's os.cpus())
            (allow user-preference-read)
            (allow mach-host*)

            ; output thrown away is always fine
            (allow file-write-data
              (require-all (path "/dev/null") (vnode-type CHARACTER-DEVICE)))

            ; read-only system information
            (allow sysctl-read
              (sysctl-name "hw.activecpu")
              (sysctl-name "hw.byteorder")
              (sysctl-name "hw.cachelinesize_compat")
              (sysctl-name "hw.cpufamily")
              (sysctl-name "hw.cputype")
              (sysctl-name "hw.l1dcachesize_compat")
              (sysctl-name "hw.l1icachesize_compat")
              (sysctl-name "hw.l2cachesize_compat")
              (sysctl-name "hw.l3cachesize_compat")
              (sysctl-name "hw.logicalcpu")
              (sysctl-name "hw.logicalcpu_max")
              (sysctl-name "hw.machine")
              (sysctl-name "hw.memsize")
              (sysctl-name "hw.model")
              (sysctl-name "hw.ncpu")
              (sysctl-name "hw.nperflevels")
              (sysctl-name "hw.packages")
              (sysctl-name "hw.pagesize")
              (sysctl-name "hw.pagesize_compat")
              (sysctl-name "hw.physicalcpu")
              (sysctl-name "hw.physicalcpu_max")
              (sysctl-name "hw.tbfrequency_compat")
              (sysctl-name "hw.vectorunit")
              (sysctl-name-prefix "hw.optional.arm.")
              (sysctl-name-prefix "hw.optional.armv8_")
              (sysctl-name-prefix "hw.perflevel")
              (sysctl-name "kern.argmax")
              (sysctl-name "kern.hostname")
              (sysctl-name "kern.maxfilesperproc")
              (sysctl-name "kern.maxproc")
              (sysctl-name "kern.osproductversion")
              (sysctl-name "kern.osrelease")
              (sysctl-name "kern.ostype")
              (sysctl-name "kern.osvariant_status")
              (sysctl-name "kern.osversion")
              (sysctl-name "kern.secure_kernel")
              (sysctl-name "kern.usrstack64")
              (sysctl-name "kern.version")
              (sysctl-name-prefix "kern.proc.pgrp.")
              (sysctl-name-prefix "kern.proc.pid.")
              (sysctl-name "machdep.cpu.brand_string")
              (sysctl-name "sysctl.proc_cputype")
              (sysctl-name "vm.loadavg"))

            ; the JVM asks for its CPU type through a sysctl that counts as a write
            (allow sysctl-write (sysctl-name "kern.grade_cputype"))

            ; power management and user lookups (getpwuid and friends)
            (allow iokit-open (iokit-registry-entry-class "RootDomainUserClient"))
            (allow mach-lookup
              (global-name "com.apple.system.opendirectoryd.libinfo")
              (global-name "com.apple.PowerManagement.control"))

            ; POSIX semaphores (Python's multiprocessing locks)
            (allow ipc-posix-sem)

            ; pseudo-terminals: openpty() and the terminal the command was started on
            (allow pseudo-tty)
            (allow file-read* file-write* file-ioctl (literal "/dev/ptmx"))
            (allow file-read* file-write*
              (require-all (regex #"^/dev/ttys[0-9]+") (extension "com.apple.sandbox.pty")))
            (allow file-write-data
              (require-all (regex #"^/dev/ttys[0-9]+") (vnode-type CHARACTER-DEVICE)))
            (allow file-ioctl (regex #"^/dev/ttys[0-9]+"))
            """;

    static final String READ_SECTION = "; allow read-only file operations\n(allow file-read*)";
    static final String FULL_NETWORK = "(allow network-outbound)\n(allow network-inbound)\n(allow system-socket)";

    private SeatbeltPolicy() {}

    /** The profile text and its {@code -D} parameters for {@code policy}. */
    public record Profile(String text, List<String> parameters) {
        public Profile {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * {@code /usr/bin/sandbox-exec -p <profile> -DWRITABLE_ROOT_0=… … -- <command…>}.
     *
     * @param env the command's environment ({@code TMPDIR} is a writable root)
     */
    public static List<String> command(
            SandboxPolicy policy, Path policyCwd, Map<String, String> env, List<String> command) {
        Profile profile = profile(policy, policyCwd, env);
        List<String> argv = new ArrayList<>();
        argv.add(SANDBOX_EXEC);
        argv.add("-p");
        argv.add(profile.text());
        argv.addAll(profile.parameters());
        argv.add("--");
        argv.addAll(command);
        return argv;
    }

    public static Profile profile(SandboxPolicy policy, Path policyCwd, Map<String, String> env) {
        List<String> parameters = new ArrayList<>();
        String write = writeSection(policy, policyCwd, env, parameters);
        String network = policy.hasFullNetworkAccess() ? FULL_NETWORK : "";
        String text = BASE_POLICY + "\n" + READ_SECTION + "\n" + write + "\n" + network;
        return new Profile(text, parameters);
    }

    private static String writeSection(
            SandboxPolicy policy, Path policyCwd, Map<String, String> env, List<String> parameters) {
        if (policy.hasFullDiskWriteAccess()) {
            return "(allow file-write* (regex #\"^/\"))";
        }
        List<WritableRoot> roots = policy.writableRoots(policyCwd, env);
        if (roots.isEmpty()) {
            return "";
        }
        List<String> clauses = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            WritableRoot root = roots.get(i);
            String name = "WRITABLE_ROOT_" + i;
            String subpath = pathClause(name, root.root(), parameters);
            if (root.readOnlySubpaths().isEmpty()) {
                clauses.add(subpath);
                continue;
            }
            StringBuilder clause = new StringBuilder("(require-all ").append(subpath);
            for (int j = 0; j < root.readOnlySubpaths().size(); j++) {
                String excluded =
                        pathClause(name + "_RO_" + j, root.readOnlySubpaths().get(j), parameters);
                clause.append(" (require-not ").append(excluded).append(')');
            }
            clauses.add(clause.append(" )").toString());
        }
        return "(allow file-write*\n" + String.join(" ", clauses) + "\n)";
    }

    /**
     * {@code (subpath (param "NAME"))} with {@code -DNAME=<canonical path>}; when the canonical path differs from the
     * given one (e.g. {@code /var} → {@code /private/var}), the given path is allowed too.
     */
    private static String pathClause(String name, Path path, List<String> parameters) {
        Path canonical = canonical(path);
        parameters.add("-D" + name + "=" + canonical);
        String param = "(subpath (param \"" + name + "\"))";
        if (canonical.equals(path)) {
            return param;
        }
        return "(require-any " + param + " (subpath " + literal(path.toString()) + "))";
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    /** An SBPL string literal. */
    static String literal(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
