package io.codexquarkus.tools.applypatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A patch checked against the file system before anything runs: what each file will become. This is what approval
 * requests and {@code patch_apply_begin} show, and what the patch-safety decision looks at.
 *
 * @param patch the patch text to hand to the apply_patch helper (heredoc wrapper removed)
 * @param cwd the directory the patch's relative paths resolve against (the turn's cwd, or the script's {@code cd})
 * @param files one entry per hunk, in patch order
 */
public record ApplyPatchAction(String patch, Path cwd, List<VerifiedFile> files) {
    public ApplyPatchAction {
        files = List.copyOf(files);
    }

    /**
     * One file of the patch.
     *
     * @param path the real location the hunk changes ({@link PatchPaths}): the file an Add or Update writes (through
     *     symlinks), or the entry a Delete or a move removes (a symlink itself)
     * @param change the event form of the change (the update's move path is the destination's real location)
     * @param newContent what the file (or the move destination) will contain; empty for a deletion
     */
    public record VerifiedFile(Path path, FileChange change, Optional<String> newContent) {}

    /** True when the patch changes nothing (upstream rejects such a patch as {@code empty patch}). */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * The {@code changes} map of Codex events, keyed by absolute path string; a path named twice keeps its first
     * position and its last change.
     */
    public Map<String, FileChange> changes() {
        Map<String, FileChange> changes = new LinkedHashMap<>();
        for (VerifiedFile file : files) {
            changes.put(file.path().toString(), file.change());
        }
        return changes;
    }

    /**
     * Every real location the patch writes or removes, move destinations included: the input of patch safety, and the
     * only locations the write may then touch.
     */
    public List<Path> writtenPaths() {
        List<Path> paths = new ArrayList<>();
        for (VerifiedFile file : files) {
            paths.add(file.path());
            if (file.change() instanceof FileChange.Update update
                    && update.movePath().isPresent()) {
                paths.add(Path.of(update.movePath().get()));
            }
        }
        return paths;
    }
}
