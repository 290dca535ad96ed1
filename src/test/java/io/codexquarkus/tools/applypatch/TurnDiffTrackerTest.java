package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The turn diff inside a real git repository (paths relative to the work tree) and outside one (absolute). */
class TurnDiffTrackerTest {
    private static final String ZERO = GitBlob.ZERO_OID;

    @TempDir
    Path dir;

    private final TurnDiffTracker tracker = new TurnDiffTracker();

    private void applyThroughTracker(Path cwd, String patch) throws Exception {
        ApplyPatchAction action = PatchVerifier.verify(PatchParser.parse(patch), cwd);
        tracker.onPatchBegin(action);
        PatchApplier.apply(PatchParser.parse(patch).hunks(), cwd);
    }

    private static String git(Path repo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }

    private static Map<String, String> workTree(Path repo) throws IOException {
        Map<String, String> tree = ScenarioFixtures.snapshot(repo);
        tree.keySet().removeIf(p -> p.equals(".git") || p.startsWith(".git/"));
        return tree;
    }

    private static String blob(String content) {
        return GitBlob.oid(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gitBlobIdsMatchGit() throws Exception {
        Files.writeString(dir.resolve("x.txt"), "hello\nworld\n");
        Process process =
                new ProcessBuilder("git", "hash-object", dir.resolve("x.txt").toString()).start();
        String expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(blob("hello\nworld\n")).isEqualTo(expected);
        assertThat(GitBlob.oid(new byte[0])).isEqualTo("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    @Test
    void updateRenameDeleteAndAddInsideAGitRepository() throws Exception {
        Path repo = Files.createDirectory(dir.resolve("repo"));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n");
        Files.writeString(repo.resolve("b.txt"), "to be deleted\n");
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/c.txt"), "moving\nfile\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base");
        Map<String, String> before = workTree(repo);

        // the patches run from a subdirectory: displayed paths are still relative to the work tree
        Path cwd = repo.resolve("src");
        applyThroughTracker(cwd, """
                *** Begin Patch
                *** Update File: ../a.txt
                @@
                 one
                -two
                +TWO
                 three
                *** Delete File: ../b.txt
                *** Update File: c.txt
                *** Move to: ../moved/e.txt
                @@
                -moving
                +moved
                *** Add File: new/d.txt
                +created
                *** End Patch""");
        applyThroughTracker(
                cwd, "*** Begin Patch\n*** Update File: new/d.txt\n@@\n created\n+and extended\n*** End Patch");
        Map<String, String> after = workTree(repo);

        String diff = tracker.unifiedDiff().orElseThrow();
        String newA = "one\nTWO\nthree\nfour\nfive\nsix\nseven\neight\n";
        assertThat(diff)
                .isEqualTo("diff --git a/a.txt b/a.txt\n"
                        + "index " + blob("one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n") + ".." + blob(newA) + "\n"
                        + "--- a/a.txt\n+++ b/a.txt\n"
                        + "@@ -1,5 +1,5 @@\n one\n-two\n+TWO\n three\n four\n five\n"
                        + "diff --git a/b.txt b/b.txt\n"
                        + "deleted file mode 100644\n"
                        + "index " + blob("to be deleted\n") + ".." + ZERO + "\n"
                        + "--- a/b.txt\n+++ /dev/null\n"
                        + "@@ -1 +0,0 @@\n-to be deleted\n"
                        + "diff --git a/src/c.txt b/moved/e.txt\n"
                        + "index " + blob("moving\nfile\n") + ".." + blob("moved\nfile\n") + "\n"
                        + "--- a/src/c.txt\n+++ b/moved/e.txt\n"
                        + "@@ -1,2 +1,2 @@\n-moving\n+moved\n file\n"
                        + "diff --git a/src/new/d.txt b/src/new/d.txt\n"
                        + "new file mode 100644\n"
                        + "index " + ZERO + ".." + blob("created\nand extended\n") + "\n"
                        + "--- /dev/null\n+++ b/src/new/d.txt\n"
                        + "@@ -0,0 +1,2 @@\n+created\n+and extended\n");

        // git itself agrees: the diff, applied to the committed tree, gives the patched tree
        git(repo, "reset", "-q", "--hard");
        git(repo, "clean", "-q", "-fdx");
        assertThat(workTree(repo)).isEqualTo(before);
        Path diffFile = dir.resolve("turn.diff");
        Files.writeString(diffFile, diff);
        git(repo, "apply", diffFile.toString());
        Map<String, String> reapplied = workTree(repo);
        // git apply of a rename without "rename from" headers leaves the source in place
        reapplied.remove("src/c.txt");
        assertThat(reapplied).isEqualTo(after);
    }

    @Test
    void outsideARepositoryPathsAreAbsolute() throws Exception {
        Files.writeString(dir.resolve("file.txt"), "original content\n");
        applyThroughTracker(
                dir, "*** Begin Patch\n*** Update File: file.txt\n-original content\n+modified content\n*** End Patch");
        String abs = dir.resolve("file.txt").toString();
        assertThat(tracker.unifiedDiff())
                .contains("diff --git a/" + abs + " b/" + abs + "\n"
                        + "index " + blob("original content\n") + ".." + blob("modified content\n") + "\n"
                        + "--- a/" + abs + "\n+++ b/" + abs + "\n"
                        + "@@ -1 +1 @@\n-original content\n+modified content\n");
        assertThat(abs).startsWith("/");
    }

    @Test
    void addedThenDeletedAndPureRenameYieldNothing() throws Exception {
        Files.writeString(dir.resolve("same.txt"), "same\n");
        applyThroughTracker(dir, "*** Begin Patch\n*** Add File: tmp.txt\n+x\n*** End Patch");
        applyThroughTracker(dir, "*** Begin Patch\n*** Delete File: tmp.txt\n*** End Patch");
        applyThroughTracker(
                dir, "*** Begin Patch\n*** Update File: same.txt\n*** Move to: renamed.txt\n@@\n same\n*** End Patch");
        assertThat(Files.readString(dir.resolve("renamed.txt"))).isEqualTo("same\n");
        assertThat(tracker.unifiedDiff()).isEmpty();
    }

    @Test
    void binaryFilesAndModeChanges() throws IOException {
        Path binary = dir.resolve("bin.dat");
        byte[] left = {(byte) 0xff, (byte) 0xfe, 0x00};
        byte[] right = {0x01, 0x02, 0x00};
        Files.write(binary, left);
        tracker.onFileChange(binary, new FileChange.Update("", java.util.Optional.empty()));
        Files.write(binary, right);
        assertThat(tracker.unifiedDiff())
                .contains("diff --git a/" + binary + " b/" + binary + "\nindex " + GitBlob.oid(left) + ".."
                        + GitBlob.oid(right) + "\n--- a/" + binary + "\n+++ b/" + binary + "\nBinary files differ\n");
    }
}
