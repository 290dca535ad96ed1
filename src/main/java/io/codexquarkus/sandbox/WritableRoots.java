package io.codexquarkus.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The directories a workspace-write policy lets commands write to, derived the way Codex derives them: the configured
 * {@code writable_roots}, then the policy's working directory, then {@code /tmp} (when it is a directory and not
 * excluded), then {@code $TMPDIR} (when set, non-empty and not excluded). Under each root that holds a {@code .git}
 * directory, that directory stays read-only.
 */
public final class WritableRoots {
    private WritableRoots() {}

    /** Roots of {@code policy}; empty for read-only and for danger-full-access (which needs none). */
    public static List<WritableRoot> of(SandboxPolicy policy, Path cwd, Map<String, String> env) {
        List<String> roots = rootPaths(policy, cwd.toString(), env.get("TMPDIR"));
        List<WritableRoot> result = new ArrayList<>(roots.size());
        for (String root : roots) {
            Path path = cwd.resolve(root).toAbsolutePath().normalize();
            Path git = path.resolve(".git");
            result.add(new WritableRoot(path, Files.isDirectory(git) ? List.of(git) : List.of()));
        }
        return result;
    }

    /**
     * Whether {@code policy} lets a command write {@code path}: never under read-only, always under
     * danger-full-access, and under workspace-write when the path (absolutised against {@code cwd}, {@code .} and
     * {@code ..} resolved lexically) is inside a writable root and outside that root's read-only subpaths.
     */
    public static boolean isPathWritable(SandboxPolicy policy, Path path, Path cwd, Map<String, String> env) {
        if (policy instanceof SandboxPolicy.DangerFullAccess) {
            return true;
        }
        if (!(policy instanceof SandboxPolicy.WorkspaceWrite)) {
            return false;
        }
        Path absolute = cwd.toAbsolutePath().resolve(path).normalize();
        for (WritableRoot root : of(policy, cwd.toAbsolutePath(), env)) {
            if (root.allowsWrite(absolute)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The root paths as strings, in Codex's order, without touching {@code java.nio.file} beyond a directory check
     * of {@code /tmp}; the Linux helper uses this form so that paths stay byte-exact whatever the JVM's locale.
     *
     * @param tmpdir the value of {@code TMPDIR}, or {@code null}
     */
    public static List<String> rootPaths(SandboxPolicy policy, String cwd, String tmpdir) {
        if (!(policy instanceof SandboxPolicy.WorkspaceWrite workspace)) {
            return List.of();
        }
        List<String> roots = new ArrayList<>(workspace.writableRoots().size() + 3);
        for (String root : workspace.writableRoots()) {
            // a relative root is relative to the policy's directory, wherever the command runs
            roots.add(root.startsWith("/") || cwd.equals(".") ? root : cwd + "/" + root);
        }
        roots.add(cwd);
        if (!workspace.excludeSlashTmp() && new File("/tmp").isDirectory()) {
            roots.add("/tmp");
        }
        if (!workspace.excludeTmpdirEnvVar() && tmpdir != null && !tmpdir.isEmpty()) {
            roots.add(tmpdir);
        }
        return roots;
    }
}
