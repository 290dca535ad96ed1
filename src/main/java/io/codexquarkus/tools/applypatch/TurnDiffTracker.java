package io.codexquarkus.tools.applypatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The aggregated diff of everything apply_patch changed during one task. Before a patch runs, every file it touches
 * for the first time is snapshotted (content, or "absent"); renames move the snapshot to the new path. The diff
 * compares the snapshots with the files on disk now, in git's format: {@code diff --git a/p b/p}, new/deleted file
 * modes, {@code index <blob>..<blob>}, {@code ---}/{@code +++} (or {@code /dev/null}) and hunks with three lines of
 * context. Paths are relative to the git work tree containing the file, else absolute. Not thread-safe: one per task.
 */
public final class TurnDiffTracker {
    private static final String DEV_NULL = "/dev/null";
    private static final String REGULAR = "100644";
    private static final String EXECUTABLE = "100755";
    private static final String SYMLINK = "120000";

    /** A snapshot; {@code content} is null when the file did not exist. */
    private static final class Baseline {
        private final Path path;
        private final byte[] content;
        private final String mode;

        Baseline(Path path, byte[] content, String mode) {
            this.path = path;
            this.content = content;
            this.mode = mode;
        }

        Path path() {
            return path;
        }

        byte[] content() {
            return content;
        }

        String mode() {
            return mode;
        }
    }

    private final Map<Path, Integer> idByCurrentPath = new HashMap<>();
    private final Map<Integer, Path> currentPathById = new HashMap<>();
    private final Map<Integer, Baseline> baselineById = new HashMap<>();
    private final List<Path> gitRoots = new ArrayList<>();

    /** Snapshots the files of {@code action} not seen before and records its renames; call before applying it. */
    public void onPatchBegin(ApplyPatchAction action) {
        for (ApplyPatchAction.VerifiedFile file : action.files()) {
            onFileChange(file.path(), file.change());
        }
    }

    /** As {@link #onPatchBegin(ApplyPatchAction)} for one file ({@code path} absolute). */
    public void onFileChange(Path path, FileChange change) {
        Integer id = idByCurrentPath.get(path);
        if (id == null) {
            id = baselineById.size();
            idByCurrentPath.put(path, id);
            currentPathById.put(id, path);
            Optional<byte[]> content = readSide(path);
            baselineById.put(id, new Baseline(path, content.orElse(null), mode(path)));
        }
        if (change instanceof FileChange.Update update && update.movePath().isPresent()) {
            Path destination = Path.of(update.movePath().get());
            idByCurrentPath.remove(path);
            idByCurrentPath.put(destination, id);
            currentPathById.put(id, destination);
        }
    }

    /** The diff of all tracked files against their snapshots, or empty when nothing differs. */
    public Optional<String> unifiedDiff() {
        List<Integer> ids = new ArrayList<>(baselineById.keySet());
        ids.sort(Comparator.comparing(id -> display(currentPathById.get(id))));
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(fileDiff(baselineById.get(id), currentPathById.get(id)));
            if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
        }
        return out.toString().isBlank() ? Optional.empty() : Optional.of(out.toString());
    }

    private String fileDiff(Baseline baseline, Path current) {
        byte[] left = baseline.content();
        byte[] right = readSide(current).orElse(null);
        if (left == null ? right == null : right != null && Arrays.equals(left, right)) {
            return "";
        }
        String leftDisplay = display(baseline.path());
        String rightDisplay = display(current);
        String rightMode = mode(current);
        StringBuilder out = new StringBuilder();
        out.append("diff --git a/")
                .append(leftDisplay)
                .append(" b/")
                .append(rightDisplay)
                .append('\n');
        if (left == null) {
            out.append("new file mode ").append(rightMode).append('\n');
        } else if (right == null) {
            out.append("deleted file mode ").append(baseline.mode()).append('\n');
        } else if (!baseline.mode().equals(rightMode)) {
            out.append("old mode ").append(baseline.mode()).append('\n');
            out.append("new mode ").append(rightMode).append('\n');
        }
        String leftOid = left == null ? GitBlob.ZERO_OID : GitBlob.oid(left);
        String rightOid = right == null ? GitBlob.ZERO_OID : GitBlob.oid(right);
        out.append("index ").append(leftOid).append("..").append(rightOid).append('\n');
        String oldHeader = left == null ? DEV_NULL : "a/" + leftDisplay;
        String newHeader = right == null ? DEV_NULL : "b/" + rightDisplay;
        Optional<String> leftText = left == null ? Optional.of("") : utf8(left);
        Optional<String> rightText = right == null ? Optional.of("") : utf8(right);
        if (leftText.isPresent() && rightText.isPresent()) {
            out.append(UnifiedDiff.diff(leftText.get(), rightText.get(), 3, oldHeader, newHeader));
        } else {
            out.append("--- ").append(oldHeader).append('\n');
            out.append("+++ ").append(newHeader).append('\n');
            out.append("Binary files differ\n");
        }
        return out.toString();
    }

    /** The bytes git would store for the path (a symlink's target), or empty when it does not exist. */
    private static Optional<byte[]> readSide(Path path) {
        try {
            if (Files.isSymbolicLink(path)) {
                return Optional.of(Files.readSymbolicLink(path).toString().getBytes(StandardCharsets.UTF_8));
            }
            if (!Files.isRegularFile(path)) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(path));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String mode(Path path) {
        if (Files.isSymbolicLink(path)) {
            return SYMLINK;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            return permissions.contains(PosixFilePermission.OWNER_EXECUTE)
                            || permissions.contains(PosixFilePermission.GROUP_EXECUTE)
                            || permissions.contains(PosixFilePermission.OTHERS_EXECUTE)
                    ? EXECUTABLE
                    : REGULAR;
        } catch (IOException | UnsupportedOperationException e) {
            return REGULAR;
        }
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The path relative to the git work tree that contains it, with {@code /} separators; else the absolute path. */
    private String display(Path path) {
        return gitRoot(path)
                .map(root -> root.relativize(path).toString())
                .orElse(path.toString())
                .replace('\\', '/');
    }

    private Optional<Path> gitRoot(Path path) {
        Path dir = path.getParent();
        if (dir == null) {
            return Optional.empty();
        }
        for (Path root : gitRoots) {
            if (dir.startsWith(root)) {
                return Optional.of(root);
            }
        }
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve(".git"))) {
                gitRoots.add(candidate);
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
