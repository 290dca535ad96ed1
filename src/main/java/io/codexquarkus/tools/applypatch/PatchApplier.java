package io.codexquarkus.tools.applypatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a patch to the file system the way upstream's apply_patch helper does: hunks in order, each file written
 * atomically; the first failure stops the run and earlier hunks stay applied (no rollback). Paths resolve against the
 * given working directory to their real locations ({@link PatchPaths}), which a {@link WriteGuard} checks for every
 * hunk before the first write; they are reported as the patch spells them.
 */
public final class PatchApplier {
    private PatchApplier() {}

    /** The paths a successful run touched, as the patch spells them; a move counts as modifying its destination. */
    public record AffectedPaths(List<String> added, List<String> modified, List<String> deleted) {
        public AffectedPaths {
            added = List.copyOf(added);
            modified = List.copyOf(modified);
            deleted = List.copyOf(deleted);
        }

        /** {@code Success. Updated the following files:} then {@code A}, {@code M}, {@code D} lines in that order. */
        public String summary() {
            StringBuilder out = new StringBuilder("Success. Updated the following files:\n");
            added.forEach(p -> out.append("A ").append(p).append('\n'));
            modified.forEach(p -> out.append("M ").append(p).append('\n'));
            deleted.forEach(p -> out.append("D ").append(p).append('\n'));
            return out.toString();
        }
    }

    /** What the helper prints and its exit status. */
    public record HelperResult(int exitCode, String stdout, String stderr) {}

    /**
     * Parses and applies {@code patchText} in {@code cwd}: exit 0 with the summary on stdout, or exit 1 with the error
     * on stderr ({@code Invalid patch: …}, {@code Invalid patch hunk on line N: …}, or the failure of a hunk).
     */
    public static HelperResult run(String patchText, Path cwd) {
        return run(patchText, cwd, WriteGuard.NONE);
    }

    /** As {@link #run(String, Path)}, with every real location the patch touches passed to {@code guard} first. */
    public static HelperResult run(String patchText, Path cwd, WriteGuard guard) {
        ParsedPatch patch;
        try {
            patch = PatchParser.parse(patchText);
        } catch (PatchParseException e) {
            return new HelperResult(1, "", e.helperMessage() + "\n");
        }
        try {
            return new HelperResult(0, apply(patch.hunks(), cwd, guard).summary(), "");
        } catch (PatchException e) {
            return new HelperResult(1, "", e.getMessage() + "\n");
        }
    }

    /** Applies the hunks in order; throws on the first failure, leaving earlier hunks applied. */
    public static AffectedPaths apply(List<Hunk> hunks, Path cwd) throws PatchException {
        return apply(hunks, cwd, WriteGuard.NONE);
    }

    /**
     * Resolves every path of every hunk to its real location ({@link PatchPaths}) and passes each to {@code guard}
     * before anything is written, then applies the hunks in order at exactly those locations; throws on the first
     * failure, leaving earlier hunks applied. A path that cannot be resolved fails when its hunk is reached.
     */
    public static AffectedPaths apply(List<Hunk> hunks, Path cwd, WriteGuard guard) throws PatchException {
        if (hunks.isEmpty()) {
            throw new PatchException("No files were modified.");
        }
        List<Step> steps = new ArrayList<>(hunks.size());
        for (Hunk hunk : hunks) {
            steps.add(Step.of(hunk, cwd));
        }
        for (Step step : steps) {
            if (step.failure == null) {
                guard.check(step.hunk.path(), step.path);
                if (step.hunk instanceof Hunk.UpdateFile update
                        && update.movePath().isPresent()
                        && step.moveTo.isPresent()) {
                    guard.check(update.movePath().get(), step.moveTo.get());
                }
            }
        }
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (Step step : steps) {
            if (step.failure != null) {
                throw step.failure;
            }
            Path path = step.path;
            switch (step.hunk) {
                case Hunk.AddFile add -> {
                    createParents(path, add.path());
                    write(path, add.contents(), add.path());
                    added.add(add.path());
                }
                case Hunk.DeleteFile delete -> {
                    String failure = "Failed to delete file " + delete.path();
                    // a directory is not a file: fail as unlink(2) would, instead of removing an empty directory
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        throw new PatchException(failure);
                    }
                    try {
                        TextFiles.delete(path);
                    } catch (IOException e) {
                        throw new PatchException(failure, e);
                    }
                    deleted.add(delete.path());
                }
                case Hunk.UpdateFile update -> modified.add(applyUpdate(update, path, step.moveTo));
            }
        }
        return new AffectedPaths(added, modified, deleted);
    }

    /**
     * A hunk with the real locations it acts on, or the failure it ends the run with when reached (a path that cannot
     * be encoded, or a symlink loop). A plain class rather than a sealed pair of records: it never leaves this class,
     * and records would have to be registered for native reflection.
     */
    private static final class Step {
        private final Hunk hunk;
        /** Where an Add or Update writes; for a Delete or a move, the entry removed. Null when {@code failure} is set. */
        private final Path path;
        /** Where a move writes. */
        private final Optional<Path> moveTo;
        /** Why the hunk's paths could not be resolved; null when they were. */
        private final PatchException failure;

        private Step(Hunk hunk, Path path, Optional<Path> moveTo, PatchException failure) {
            this.hunk = hunk;
            this.path = path;
            this.moveTo = moveTo;
            this.failure = failure;
        }

        static Step of(Hunk hunk, Path cwd) {
            try {
                return switch (hunk) {
                    case Hunk.AddFile add -> {
                        String failure = "Failed to write file " + add.path();
                        yield new Step(
                                hunk,
                                resolve(() -> PatchPaths.written(cwd, add.path()), failure),
                                Optional.empty(),
                                null);
                    }
                    case Hunk.DeleteFile delete -> {
                        String failure = "Failed to delete file " + delete.path();
                        yield new Step(
                                hunk,
                                resolve(() -> PatchPaths.removed(cwd, delete.path()), failure),
                                Optional.empty(),
                                null);
                    }
                    case Hunk.UpdateFile update -> {
                        String failure = "Failed to read file to update " + update.path();
                        boolean moved = update.movePath().isPresent();
                        Path path = resolve(
                                () -> moved
                                        ? PatchPaths.removed(cwd, update.path())
                                        : PatchPaths.written(cwd, update.path()),
                                failure);
                        Optional<Path> moveTo = Optional.empty();
                        if (moved) {
                            String destination = update.movePath().get();
                            moveTo = Optional.of(resolve(
                                    () -> PatchPaths.written(cwd, destination), "Failed to write file " + destination));
                        }
                        yield new Step(hunk, path, moveTo, null);
                    }
                };
            } catch (PatchException e) {
                return new Step(hunk, null, Optional.empty(), e);
            }
        }
    }

    private static Path resolve(PatchPaths.Resolution resolution, String failure) throws PatchException {
        try {
            return resolution.get();
        } catch (InvalidPathException e) {
            throw new PatchException(failure + ": " + unencodable(e), e);
        } catch (IOException e) {
            throw new PatchException(failure + ": " + IoErrors.describe(e), e);
        }
    }

    private static String applyUpdate(Hunk.UpdateFile update, Path path, Optional<Path> moveTo) throws PatchException {
        String readFailure = "Failed to read file to update " + update.path();
        String original;
        try {
            original = TextFiles.read(path);
        } catch (IOException e) {
            throw new PatchException(readFailure + ": " + IoErrors.describe(e), e);
        }
        String updated = ContentUpdater.apply(original, update.chunks(), update.path());
        Optional<String> movePath = update.movePath();
        if (movePath.isEmpty() || moveTo.isEmpty()) {
            write(path, updated, update.path());
            return update.path();
        }
        String destinationName = movePath.get();
        Path destination = moveTo.get();
        createParents(destination, destinationName);
        write(destination, updated, destinationName);
        // both are real locations: equal means a move onto itself, which must not delete what it just wrote
        if (!path.equals(destination)) {
            try {
                TextFiles.delete(path);
            } catch (IOException e) {
                throw new PatchException("Failed to remove original " + update.path(), e);
            }
        }
        return destinationName;
    }

    static String unencodable(InvalidPathException e) {
        String encoding = System.getProperty("sun.jnu.encoding", "");
        if (!encoding.equalsIgnoreCase("UTF-8")) {
            return "the file name cannot be encoded in " + encoding + "; run with a UTF-8 locale (LC_ALL=C.UTF-8)";
        }
        return e.getReason();
    }

    private static void createParents(Path path, String displayPath) throws PatchException {
        Path parent = path.getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new PatchException("Failed to create parent directories for " + displayPath, e);
        }
    }

    private static void write(Path path, String content, String displayPath) throws PatchException {
        try {
            TextFiles.writeAtomically(path, content);
        } catch (IOException e) {
            throw new PatchException("Failed to write file " + displayPath, e);
        }
    }
}
