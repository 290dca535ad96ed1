package io.codexquarkus.tools.applypatch;

import io.codexquarkus.sandbox.WritableRoots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;

/**
 * A check on every real location a patch is about to write or remove, made for all hunks before the first one is
 * applied: a refused location stops the patch with nothing written.
 */
@FunctionalInterface
public interface WriteGuard {
    /** Lets every location through: the standalone apply_patch helper, whose writes the sandbox confines. */
    WriteGuard NONE = (spelled, real) -> {};

    /**
     * Throws when the patch must not touch {@code real}.
     *
     * @param spelled the path as the patch spells it, for the message
     * @param real its real location (see {@link PatchPaths})
     */
    void check(String spelled, Path real) throws PatchException;

    /** Refuses every real location outside {@code dir}'s real location: {@code codex-quarkus apply-patch}. */
    static WriteGuard within(Path dir) {
        Path root;
        try {
            root = WritableRoots.realLocation(dir);
        } catch (IOException e) {
            root = dir.toAbsolutePath().normalize();
        }
        Path realDir = root;
        return (spelled, real) -> {
            if (!real.startsWith(realDir)) {
                throw new PatchException("Refusing to write outside the current directory: " + spelled + " is really "
                        + oneLine(real) + ", which is not under " + oneLine(realDir));
            }
        };
    }

    /**
     * Lets through only the locations that were checked (and approved) when the patch was verified. A location that
     * resolves differently now (a symlink changed while the approval was pending) is refused rather than written.
     */
    static WriteGuard onlyTo(Collection<Path> checked) {
        Set<Path> allowed = Set.copyOf(checked);
        return (spelled, real) -> {
            if (!allowed.contains(real)) {
                throw new PatchException("patch rejected: " + spelled + " now resolves to " + oneLine(real)
                        + ", not to the location that was checked");
            }
        };
    }

    /** A path for a one-line message: a symlink's target may hold line breaks, which must not start a new line. */
    private static String oneLine(Path path) {
        return path.toString().replace("\n", "\\n").replace("\r", "\\r");
    }
}
