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
 * given working directory and are reported as the patch spells them.
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
        ParsedPatch patch;
        try {
            patch = PatchParser.parse(patchText);
        } catch (PatchParseException e) {
            return new HelperResult(1, "", e.helperMessage() + "\n");
        }
        try {
            return new HelperResult(0, apply(patch.hunks(), cwd).summary(), "");
        } catch (PatchException e) {
            return new HelperResult(1, "", e.getMessage() + "\n");
        }
    }

    /** Applies the hunks in order; throws on the first failure, leaving earlier hunks applied. */
    public static AffectedPaths apply(List<Hunk> hunks, Path cwd) throws PatchException {
        if (hunks.isEmpty()) {
            throw new PatchException("No files were modified.");
        }
        List<String> added = new ArrayList<>();
        List<String> modified = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (Hunk hunk : hunks) {
            switch (hunk) {
                case Hunk.AddFile add -> {
                    Path path = resolve(cwd, add.path(), "Failed to write file " + add.path());
                    createParents(path, add.path());
                    write(path, add.contents(), add.path());
                    added.add(add.path());
                }
                case Hunk.DeleteFile delete -> {
                    String failure = "Failed to delete file " + delete.path();
                    Path path = resolve(cwd, delete.path(), failure);
                    // a directory is not a file: fail as unlink(2) would, instead of removing an empty directory
                    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                        throw new PatchException(failure);
                    }
                    try {
                        Files.delete(path);
                    } catch (IOException e) {
                        throw new PatchException(failure, e);
                    }
                    deleted.add(delete.path());
                }
                case Hunk.UpdateFile update -> modified.add(applyUpdate(update, cwd));
            }
        }
        return new AffectedPaths(added, modified, deleted);
    }

    private static String applyUpdate(Hunk.UpdateFile update, Path cwd) throws PatchException {
        String readFailure = "Failed to read file to update " + update.path();
        Path path = resolve(cwd, update.path(), readFailure);
        String original;
        try {
            original = TextFiles.read(path);
        } catch (IOException e) {
            throw new PatchException(readFailure + ": " + IoErrors.describe(e), e);
        }
        String updated = ContentUpdater.apply(original, update.chunks(), update.path());
        Optional<String> movePath = update.movePath();
        if (movePath.isEmpty()) {
            write(path, updated, update.path());
            return update.path();
        }
        String destinationName = movePath.get();
        Path destination = resolve(cwd, destinationName, "Failed to write file " + destinationName);
        createParents(destination, destinationName);
        write(destination, updated, destinationName);
        if (!sameFile(path, destination)) {
            try {
                Files.delete(path);
            } catch (IOException e) {
                throw new PatchException("Failed to remove original " + update.path(), e);
            }
        }
        return destinationName;
    }

    /** A move onto itself must not delete the file it just wrote (upstream would). */
    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static Path resolve(Path cwd, String rawPath, String failure) throws PatchException {
        try {
            return cwd.resolve(rawPath);
        } catch (InvalidPathException e) {
            throw new PatchException(failure + ": " + unencodable(e), e);
        }
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
