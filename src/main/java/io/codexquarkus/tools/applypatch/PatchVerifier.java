package io.codexquarkus.tools.applypatch;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a patch against the file system without writing anything: deleted files must be readable, updated files must
 * exist and every chunk must be found. Error messages name absolute paths, as upstream's core does.
 */
public final class PatchVerifier {
    private PatchVerifier() {}

    /** Detects an apply_patch invocation in {@code argv} and verifies it against {@code cwd} (absolute). */
    public static VerifiedInvocation verify(List<String> argv, Path cwd) {
        return switch (ApplyPatchInvocation.detect(argv)) {
            case ApplyPatchInvocation.NotApplyPatch n -> new VerifiedInvocation.NotApplyPatch();
            case ApplyPatchInvocation.CorrectnessError e -> new VerifiedInvocation.CorrectnessError(e.message());
            case ApplyPatchInvocation.Body body -> {
                try {
                    yield new VerifiedInvocation.Verified(verify(body.patch(), body.effectiveCwd(cwd)));
                } catch (PatchException e) {
                    yield new VerifiedInvocation.CorrectnessError(e.getMessage());
                }
            }
        };
    }

    /**
     * The changes {@code patch} would make, with paths resolved against {@code cwd} (absolute). Each file is keyed by
     * its real location ({@link PatchPaths}): what the writable-roots check looks at, what an approval request shows
     * and where the write lands. Error messages keep the path as {@code cwd} joins it, as upstream's do.
     */
    public static ApplyPatchAction verify(ParsedPatch patch, Path cwd) throws PatchException {
        List<ApplyPatchAction.VerifiedFile> files = new ArrayList<>();
        for (Hunk hunk : patch.hunks()) {
            Path path = resolve(cwd, hunk.path());
            switch (hunk) {
                case Hunk.AddFile add ->
                    files.add(new ApplyPatchAction.VerifiedFile(
                            real(() -> PatchPaths.written(cwd, add.path()), "Failed to write file " + path),
                            new FileChange.Add(add.contents()),
                            Optional.of(add.contents())));
                case Hunk.DeleteFile delete -> {
                    String failure = "Failed to read " + path;
                    Path entry = real(() -> PatchPaths.removed(cwd, delete.path()), failure);
                    // read where the applier will act, so that sub/../x means x here too
                    String content = read(entry, failure);
                    files.add(
                            new ApplyPatchAction.VerifiedFile(entry, new FileChange.Delete(content), Optional.empty()));
                }
                case Hunk.UpdateFile update -> {
                    String failure = "Failed to read file to update " + path;
                    boolean moved = update.movePath().isPresent();
                    Path source = real(
                            () -> moved
                                    ? PatchPaths.removed(cwd, update.path())
                                    : PatchPaths.written(cwd, update.path()),
                            failure);
                    String original = read(source, failure);
                    String updated = ContentUpdater.apply(original, update.chunks(), path.toString());
                    Optional<String> movePath = Optional.empty();
                    if (moved) {
                        String destination = update.movePath().get();
                        Path spelled = resolve(cwd, destination);
                        movePath = Optional.of(
                                real(() -> PatchPaths.written(cwd, destination), "Failed to write file " + spelled)
                                        .toString());
                    }
                    String diff = UnifiedDiff.diff(original, updated, 1);
                    files.add(new ApplyPatchAction.VerifiedFile(
                            source, new FileChange.Update(diff, movePath), Optional.of(updated)));
                }
            }
        }
        return new ApplyPatchAction(patch.text(), cwd, files);
    }

    private static String read(Path path, String failure) throws PatchException {
        try {
            return TextFiles.read(path);
        } catch (IOException e) {
            throw new PatchException(failure + ": " + IoErrors.describe(e), e);
        }
    }

    /** A real location; a symlink loop fails with the message reading or writing the path would have given. */
    private static Path real(PatchPaths.Resolution resolution, String failure) throws PatchException {
        try {
            return resolution.get();
        } catch (IOException e) {
            throw new PatchException(failure + ": " + IoErrors.describe(e), e);
        }
    }

    private static Path resolve(Path cwd, String rawPath) throws PatchException {
        try {
            return cwd.resolve(rawPath);
        } catch (InvalidPathException e) {
            throw new PatchException("Invalid path " + rawPath + ": " + PatchApplier.unencodable(e), e);
        }
    }
}
