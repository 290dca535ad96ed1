package io.codexquarkus.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory tree that commands may write under workspace-write, minus the subpaths inside it that stay read-only
 * (the {@code .git} directory or worktree pointer file of a repository root, the gitdir such a pointer names, and the
 * root's {@code .codex} directory).
 *
 * @param root absolute and lexically normalised
 * @param readOnlySubpaths absolute paths where writes stay denied (under {@code root}, except a pointer's gitdir)
 */
public record WritableRoot(Path root, List<Path> readOnlySubpaths) {
    public WritableRoot {
        root = root.toAbsolutePath().normalize();
        readOnlySubpaths = List.copyOf(readOnlySubpaths);
    }

    /**
     * Whether {@code path} (absolute, lexically normalised) lies under this root and not under one of its read-only
     * subpaths.
     */
    public boolean allowsWrite(Path path) {
        return path.startsWith(root) && !isReadOnly(path);
    }

    /** Whether {@code path} (absolute, lexically normalised) lies under one of the read-only subpaths. */
    public boolean isReadOnly(Path path) {
        for (Path readOnly : readOnlySubpaths) {
            if (path.startsWith(readOnly)) {
                return true;
            }
        }
        return false;
    }

    /**
     * This root at its real location (symlinks followed), for comparing with real locations. Each read-only subpath
     * is kept twice, as the entry itself (its directory resolved) and as where it leads, so that neither a write
     * through a symlinked {@code .git} nor the removal of that link gets past it.
     */
    public WritableRoot resolved() {
        List<Path> subpaths = new ArrayList<>();
        for (Path subpath : readOnlySubpaths) {
            subpaths.add(WritableRoots.realEntry(subpath));
            subpaths.add(WritableRoots.realLocationOrSelf(subpath));
        }
        return new WritableRoot(WritableRoots.realLocationOrSelf(root), subpaths);
    }
}
