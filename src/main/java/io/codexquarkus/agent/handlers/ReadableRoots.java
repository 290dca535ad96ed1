package io.codexquarkus.agent.handlers;

import io.codexquarkus.sandbox.SandboxPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a tool that reads files for the model may read: everywhere, or only below the given roots (real paths, symlinks
 * resolved). Codex's three sandbox policies all grant full read access, as upstream's {@code
 * has_full_disk_read_access} does for them: they differ in what may be written and in network access, not in what may
 * be read. A policy that restricts reading gets its roots here.
 */
record ReadableRoots(Optional<List<Path>> roots) {
    ReadableRoots {
        roots = roots.map(List::copyOf);
    }

    static ReadableRoots everything() {
        return new ReadableRoots(Optional.empty());
    }

    static ReadableRoots only(List<Path> roots) {
        return new ReadableRoots(Optional.of(roots));
    }

    static ReadableRoots of(SandboxPolicy policy) {
        return switch (policy) {
            case SandboxPolicy.DangerFullAccess d -> everything();
            case SandboxPolicy.ReadOnly r -> everything();
            case SandboxPolicy.WorkspaceWrite w -> everything();
        };
    }

    /** Whether {@code realPath} (already resolved with {@link Path#toRealPath}) lies below one of the roots. */
    boolean allows(Path realPath) {
        return roots.map(list -> list.stream().anyMatch(realPath::startsWith)).orElse(true);
    }

    @Override
    public String toString() {
        return roots.map(List::toString).orElse("everything");
    }
}
