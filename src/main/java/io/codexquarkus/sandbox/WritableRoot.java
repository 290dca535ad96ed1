package io.codexquarkus.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * A directory tree that commands may write under workspace-write, minus the subpaths inside it that stay read-only
 * (the {@code .git} directory of a repository root).
 *
 * @param root absolute and lexically normalised
 * @param readOnlySubpaths absolute paths under {@code root} where writes stay denied
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
        if (!path.startsWith(root)) {
            return false;
        }
        for (Path readOnly : readOnlySubpaths) {
            if (path.startsWith(readOnly)) {
                return false;
            }
        }
        return true;
    }
}
