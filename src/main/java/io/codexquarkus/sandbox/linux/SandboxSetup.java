package io.codexquarkus.sandbox.linux;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.WritableRoots;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prepares the {@link Confinement} for one request: decides how the file system is guarded, reads the mount table,
 * resolves the writable roots and the protected paths under them, creates the Landlock ruleset and compiles the
 * seccomp filter — everything that allocates, before anything is restricted.
 *
 * <p>The file system is guarded by a mount namespace where one can be had: entered right here when the helper may
 * ({@code CAP_SYS_ADMIN}, typically root), else in a forked child inside a new user namespace (a multithreaded process
 * such as a JVM cannot enter one itself), else not at all — then Landlock alone restricts writes, and metadata changes
 * outside the writable roots are not stopped ({@link Confinement.Namespaces#FALLBACK}).
 */
final class SandboxSetup {
    private static final long CLONE_NEWNS = 0x00020000L;
    private static final byte[] ROOT = {'/'};
    /** Far above any real mount table (~150 bytes a mount); past it the helper refuses rather than miss mounts. */
    private static final int MAX_MOUNTINFO = 16 << 20;

    /**
     * @param namespaceErrno why namespaces could not be entered (for {@link Confinement.Namespaces#FALLBACK})
     */
    record Prepared(Confinement confinement, Confinement.Namespaces namespaces, int namespaceErrno) {}

    private SandboxSetup() {}

    /**
     * @param parent the pid the command's parent-death signal is tied to
     * @param training the AOT training run: never fork
     * @throws CodexException exit code 4 when the policy cannot be enforced here
     */
    static Prepared prepare(Syscalls sys, HelperRequest request, List<byte[]> env, long parent, boolean training) {
        SandboxPolicy policy = request.policy();
        byte[] path = RawProcess.lookup(env, "PATH");
        if (policy instanceof SandboxPolicy.DangerFullAccess) {
            Confinement none = new Confinement(sys, parent, null, null, null, -1, null, request.command(), env, path);
            return new Prepared(none, Confinement.Namespaces.NONE, 0);
        }
        boolean networkAllowed = policy instanceof SandboxPolicy.WorkspaceWrite w && w.networkAccess();
        int abi = Landlock.abi(sys);
        if (abi < 1) {
            throw new CodexException(
                    ExitCode.SANDBOX_UNAVAILABLE,
                    "cannot sandbox the command: " + Landlock.unavailableReason(abi)
                            + "; run `codex-quarkus sandbox doctor` for details, or use"
                            + " sandbox_mode=\"danger-full-access\" to run without a sandbox");
        }
        String tmpdir = RawProcess.utf8(RawProcess.lookup(env, "TMPDIR"));
        List<String> roots = WritableRoots.rootPaths(policy, request.policyCwd(), tmpdir);
        List<byte[]> realRoots = new ArrayList<>();
        for (String root : roots) {
            byte[] real = sys.realPath(FileSystemView.bytes(root));
            if (real != null) {
                realRoots.add(real);
            }
        }

        Confinement.Namespaces namespaces;
        int namespaceErrno = 0;
        if (realRoots.stream().anyMatch(r -> Arrays.equals(r, ROOT))) {
            namespaces = Confinement.Namespaces.NONE; // the whole tree is writable: no view to build
        } else if (sys.call(sys.arch.proc().unshare(), CLONE_NEWNS, 0, 0) == 0) {
            namespaces = Confinement.Namespaces.IN_PLACE;
        } else {
            namespaceErrno = sys.errno();
            namespaces = !training && LinuxCapabilities.userNamespaceProblem() == null
                    ? Confinement.Namespaces.USER_NAMESPACE
                    : Confinement.Namespaces.FALLBACK;
        }

        FileSystemView view = null;
        if (namespaces == Confinement.Namespaces.IN_PLACE || namespaces == Confinement.Namespaces.USER_NAMESPACE) {
            byte[] mountinfo = sys.readFile(FileSystemView.bytes("/proc/self/mountinfo"), MAX_MOUNTINFO);
            if (mountinfo == null) {
                throw new CodexException(ExitCode.SANDBOX_UNAVAILABLE, "cannot read /proc/self/mountinfo");
            }
            view = FileSystemView.compile(
                    sys, FileSystemView.plan(MountTable.parse(mountinfo), realRoots, protectedPaths(sys, realRoots)));
            view.returnTo(sys, sys.realPath(new byte[] {'.'}));
        }
        Confinement.IdMaps idMaps = namespaces == Confinement.Namespaces.USER_NAMESPACE
                ? new Confinement.IdMaps(
                        sys,
                        sys.call(sys.arch.proc().getuid()),
                        sys.call(sys.arch.proc().getgid()))
                : null;
        Privileges privileges =
                new Privileges(sys, sys.readFile(FileSystemView.bytes("/proc/sys/kernel/cap_last_cap"), 32));
        int ruleset = Landlock.createRuleset(sys, abi, roots);
        MemorySegment seccomp = SeccompFilter.compile(sys, SeccompFilter.program(sys.arch, !networkAllowed));
        if (namespaces == Confinement.Namespaces.USER_NAMESPACE) {
            sys.linkFork();
        }
        // the forked child's parent is this helper, which is itself tied to the server
        long childParent = namespaces == Confinement.Namespaces.USER_NAMESPACE
                ? sys.call(sys.arch.proc().getpid())
                : parent;
        Confinement confinement = new Confinement(
                sys, childParent, idMaps, view, privileges, ruleset, seccomp, request.command(), env, path);
        return new Prepared(confinement, namespaces, namespaceErrno);
    }

    /**
     * The paths under the writable roots that stay read-only: {@code .git} (a directory, or a file pointing at the
     * repository elsewhere, in which case that directory too) and {@code .codex}, each as its canonical path.
     */
    static List<byte[]> protectedPaths(Syscalls sys, List<byte[]> realRoots) {
        List<byte[]> paths = new ArrayList<>();
        for (byte[] root : realRoots) {
            byte[] git = sys.realPath(child(root, ".git"));
            if (git != null) {
                paths.add(git);
                byte[] target = gitdirTarget(sys.readFile(git, 4096), root);
                byte[] realTarget = target == null ? null : sys.realPath(target);
                if (realTarget != null) {
                    paths.add(realTarget);
                }
            }
            byte[] codex = sys.realPath(child(root, ".codex"));
            if (codex != null) {
                paths.add(codex);
            }
        }
        return paths;
    }

    /**
     * The directory a {@code .git} file names ({@code gitdir: PATH}, relative to the file's directory), or {@code
     * null} when {@code content} is not such a file (a directory reads as {@code null}).
     */
    static byte[] gitdirTarget(byte[] content, byte[] dir) {
        byte[] prefix = FileSystemView.bytes("gitdir:");
        if (content == null || !RawProcess.startsWith(content, prefix)) {
            return null;
        }
        int start = prefix.length;
        int end = content.length;
        while (start < end && (content[start] == ' ' || content[start] == '\t')) {
            start++;
        }
        int newline = MountTable.indexOf(content, (byte) '\n', start);
        if (newline >= 0) {
            end = newline;
        }
        while (end > start && (content[end - 1] == '\r' || content[end - 1] == ' ')) {
            end--;
        }
        if (end == start) {
            return null;
        }
        byte[] target = Arrays.copyOfRange(content, start, end);
        return target[0] == '/' ? target : child(dir, new String(target, StandardCharsets.UTF_8));
    }

    private static byte[] child(byte[] dir, String name) {
        byte[] suffix = FileSystemView.bytes(name);
        boolean slash = dir.length > 0 && dir[dir.length - 1] == '/';
        byte[] joined = Arrays.copyOf(dir, dir.length + (slash ? 0 : 1) + suffix.length);
        if (!slash) {
            joined[dir.length] = '/';
        }
        System.arraycopy(suffix, 0, joined, joined.length - suffix.length, suffix.length);
        return joined;
    }
}
