package io.codexquarkus.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directories a workspace-write policy lets commands write to, derived the way Codex derives them: the configured
 * {@code writable_roots}, then the policy's working directory, then {@code /tmp} (when it is a directory and not
 * excluded), then {@code $TMPDIR} (when set, non-empty and not excluded). Under each root, {@code .git} (a directory,
 * or a worktree's {@code gitdir:} pointer file together with the gitdir it names) and a {@code .codex} directory stay
 * read-only: hooks, git config and project config run code or loosen the policy the next time someone uses them.
 */
public final class WritableRoots {
    /**
     * Entries of a root that patches may not touch even before they exist: creating one (a {@code .git} with hooks, a
     * {@code .codex} with project config) is as much a change to it as editing it.
     */
    static final List<String> PROTECTED_NAMES = List.of(".git", ".codex");

    /** Linux's {@code MAXSYMLINKS}: more links than this on one path is a loop ({@code ELOOP}). */
    private static final int MAX_SYMLINKS = 40;

    private static final String GITDIR_PREFIX = "gitdir:";

    private WritableRoots() {}

    /** Roots of {@code policy}; empty for read-only and for danger-full-access (which needs none). */
    public static List<WritableRoot> of(SandboxPolicy policy, Path cwd, Map<String, String> env) {
        List<String> roots = rootPaths(policy, cwd.toString(), env.get("TMPDIR"));
        List<WritableRoot> result = new ArrayList<>(roots.size());
        for (String root : roots) {
            Path path = cwd.resolve(root).toAbsolutePath().normalize();
            result.add(new WritableRoot(path, readOnlySubpaths(path)));
        }
        return result;
    }

    /** Upstream's order: a pointer's gitdir, then {@code .git}, then {@code .codex}; only what exists. */
    private static List<Path> readOnlySubpaths(Path root) {
        List<Path> subpaths = new ArrayList<>(3);
        Path git = root.resolve(".git");
        if (Files.isRegularFile(git)) {
            gitdirOf(git).ifPresent(subpaths::add);
            subpaths.add(git);
        } else if (Files.isDirectory(git)) {
            subpaths.add(git);
        }
        Path codex = root.resolve(".codex");
        if (Files.isDirectory(codex)) {
            subpaths.add(codex);
        }
        return subpaths;
    }

    /** The directory a {@code .git} file's {@code gitdir: <path>} line names (relative to the file's directory). */
    private static Optional<Path> gitdirOf(Path dotGit) {
        try {
            if (Files.size(dotGit) > 64 * 1024) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(dotGit)) {
                String trimmed = line.strip();
                if (trimmed.startsWith(GITDIR_PREFIX)) {
                    String value = trimmed.substring(GITDIR_PREFIX.length()).strip();
                    return value.isEmpty()
                            ? Optional.empty()
                            : Optional.of(dotGit.getParent().resolve(value).normalize());
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable, not UTF-8 or not a path: the .git file itself stays read-only all the same
        }
        return Optional.empty();
    }

    /**
     * Whether {@code policy} lets a patch write {@code path}: never under read-only, always under danger-full-access,
     * and under workspace-write when the path's real location is inside a writable root's real location and inside
     * no root's read-only subpath, nor its {@code .git} or {@code .codex} (existing or not).
     *
     * <p>The path is absolutised against {@code cwd} and normalised lexically; then its directory is resolved to its
     * real location (every symlink followed) while its last component is taken as it is: a caller that writes through
     * a symlink passes the link's resolved target, one that removes a link passes the link.
     */
    public static boolean isPathWritable(SandboxPolicy policy, Path path, Path cwd, Map<String, String> env) {
        if (policy instanceof SandboxPolicy.DangerFullAccess) {
            return true;
        }
        if (!(policy instanceof SandboxPolicy.WorkspaceWrite)) {
            return false;
        }
        Path entry;
        try {
            entry = realEntryOrThrow(cwd.toAbsolutePath().resolve(path));
        } catch (IOException e) {
            return false; // a symlink loop: nothing can be written there, and nothing is promised
        }
        List<WritableRoot> roots = new ArrayList<>();
        for (WritableRoot root : of(policy, cwd.toAbsolutePath(), env)) {
            List<Path> subpaths = new ArrayList<>(root.readOnlySubpaths());
            PROTECTED_NAMES.forEach(name -> subpaths.add(root.root().resolve(name)));
            roots.add(new WritableRoot(root.root(), subpaths).resolved());
        }
        // a read-only subpath of any root counts: a worktree's gitdir usually lies in another root's repository
        return roots.stream().anyMatch(root -> entry.startsWith(root.root()))
                && roots.stream().noneMatch(root -> root.isReadOnly(entry));
    }

    /**
     * Where {@code path} really is: absolutised, normalised lexically ({@code sub/../x} is {@code x} even without a
     * {@code sub}), then walked component by component as the kernel does, following every symlink it meets (a
     * dangling one too, to where a write through it would create the file); components that do not exist are kept as
     * they are. The result contains no symlink and no {@code .} or {@code ..}.
     *
     * @throws FileSystemLoopException after more than 40 symlinks
     * @throws IOException when a symlink cannot be read
     */
    public static Path realLocation(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path current = absolute.getRoot();
        Deque<Path> pending = new ArrayDeque<>();
        absolute.forEach(pending::addLast);
        int links = 0;
        while (!pending.isEmpty()) {
            Path name = pending.removeFirst();
            String text = name.toString();
            if (text.isEmpty() || text.equals(".")) {
                continue;
            }
            if (text.equals("..")) {
                // current holds no symlink, so its lexical parent is its real parent
                Path parent = current.getParent();
                current = parent == null ? current : parent;
                continue;
            }
            Path next = current.resolve(name);
            if (!Files.isSymbolicLink(next)) {
                current = next;
                continue;
            }
            if (++links > MAX_SYMLINKS) {
                throw new FileSystemLoopException(absolute.toString());
            }
            Path target = Files.readSymbolicLink(next);
            List<Path> names = new ArrayList<>();
            target.forEach(names::add);
            for (int i = names.size() - 1; i >= 0; i--) {
                pending.addFirst(names.get(i));
            }
            if (target.isAbsolute()) {
                current = target.getRoot();
            }
        }
        return current;
    }

    /**
     * The real location of the entry {@code path} names, without following a symlink at its last component: its
     * directory's real location plus its file name (the lexically normalised path when a symlink loop is in the way).
     * This is what removing or replacing the entry changes.
     */
    public static Path realEntry(Path path) {
        try {
            return realEntryOrThrow(path);
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static Path realEntryOrThrow(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Path name = absolute.getFileName();
        return parent == null || name == null ? absolute : realLocation(parent).resolve(name);
    }

    /** {@link #realLocation(Path)}, or the lexically normalised path when a symlink on the way cannot be resolved. */
    static Path realLocationOrSelf(Path path) {
        try {
            return realLocation(path);
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
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
