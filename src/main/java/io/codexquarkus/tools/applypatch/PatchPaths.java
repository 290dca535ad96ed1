package io.codexquarkus.tools.applypatch;

import io.codexquarkus.sandbox.WritableRoots;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where the paths a patch names really are. A patch path is absolutised against the working directory and normalised
 * lexically first, as upstream does ({@code sub/../x} is {@code x} whether or not {@code sub} exists); then every
 * symlink on the way is followed, so that the writable-roots check, the approval request and the write all see the
 * same real location and a link inside the workspace cannot carry a write outside it unasked.
 *
 * <p>A file that is written (Add, Update, a move's destination) is located by following a symlink at its last
 * component too: an update through a symlinked file checks and rewrites the link's target, and the link stays. An
 * entry that is removed (Delete, a move's source) is located without following its last component: deleting a symlink
 * deletes the link itself, and its directory's real location is what is checked.
 */
final class PatchPaths {
    private PatchPaths() {}

    /** A resolution that may fail on the file system (a symlink loop). */
    @FunctionalInterface
    interface Resolution {
        Path get() throws IOException;
    }

    /** {@code raw} against {@code cwd}, normalised lexically. */
    static Path lexical(Path cwd, String raw) throws InvalidPathException {
        return cwd.resolve(raw).toAbsolutePath().normalize();
    }

    /** The real location a write to {@code raw} lands on (every symlink followed, the last one included). */
    static Path written(Path cwd, String raw) throws IOException {
        return WritableRoots.realLocation(lexical(cwd, raw));
    }

    /** The real location of the entry removing {@code raw} removes (its directory resolved, its name kept). */
    static Path removed(Path cwd, String raw) throws IOException {
        Path lexical = lexical(cwd, raw);
        Path parent = lexical.getParent();
        Path name = lexical.getFileName();
        if (parent == null || name == null) {
            return lexical;
        }
        return WritableRoots.realLocation(parent).resolve(name);
    }
}
