package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.WritableRoots;
import io.codexquarkus.testing.OutsideDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: every path a patch touches is resolved to its real location (lexically normalised, then every symlink
 * followed) before the writable-roots check, and the write lands exactly there. The workspace is the only writable
 * root ({@code /tmp} and {@code $TMPDIR} excluded), and "outside" is a directory outside both.
 */
class PatchRealLocationTest {
    private static final SandboxPolicy WORKSPACE = new SandboxPolicy.WorkspaceWrite(List.of(), false, true, true);

    @TempDir
    Path temp;

    private Path ws;
    private Path outside;

    @BeforeEach
    void setUp() throws IOException {
        ws = Files.createDirectory(temp.resolve("ws"));
        outside = OutsideDirectory.create("patch-real-location-");
    }

    @AfterEach
    void removeOutside() throws IOException {
        try (Stream<Path> files = Files.walk(outside)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private ApplyPatchAction verify(String... operations) throws PatchException {
        String patch = "*** Begin Patch\n" + String.join("\n", operations) + "\n*** End Patch";
        return PatchVerifier.verify(PatchParser.parse(patch), ws);
    }

    /** What PatchHandler asks: does every real location lie inside the writable roots? */
    private boolean inside(ApplyPatchAction action) {
        return action.writtenPaths().stream()
                .allMatch(path -> WritableRoots.isPathWritable(WORKSPACE, path, ws, Map.of()));
    }

    /** {@code target} spelled relative to the workspace, through {@code ..}. */
    private String viaDotDot(Path target) {
        String relative = ws.relativize(target).toString();
        assertThat(relative).startsWith("..");
        return relative;
    }

    private Path outsideFile(String name) throws IOException {
        return Files.writeString(outside.resolve(name), "outside\n");
    }

    @Test
    void dotDotLeavesTheWorkspace() throws Exception {
        ApplyPatchAction action = verify("*** Add File: ../x.txt", "+x");
        assertThat(action.writtenPaths()).containsExactly(temp.resolve("x.txt"));
        assertThat(inside(action)).isFalse();
    }

    @Test
    void anAbsolutePathOutside() throws Exception {
        ApplyPatchAction action = verify("*** Add File: " + outside.resolve("abs.txt"), "+x");
        assertThat(action.writtenPaths()).containsExactly(outside.resolve("abs.txt"));
        assertThat(inside(action)).isFalse();
    }

    @Test
    void procSelfCwdIsNormalisedLexicallyThenResolved() throws Exception {
        ApplyPatchAction action = verify("*** Add File: /proc/self/cwd/../x.txt", "+x");
        assertThat(action.writtenPaths())
                .containsExactly(Path.of("/proc/" + ProcessHandle.current().pid() + "/x.txt"));
        assertThat(inside(action)).isFalse();
    }

    @Test
    void aMissingDirectoryBeforeDotDotStillMeansTheWorkspace() throws Exception {
        ApplyPatchAction action = verify("*** Add File: sub/../x.txt", "+x");
        assertThat(action.writtenPaths()).containsExactly(ws.resolve("x.txt"));
        assertThat(inside(action)).isTrue();
    }

    @Test
    void anUpdateThroughAMissingDirectoryAndDotDotIsVerifiedAndAppliedAtTheSameFile() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "a\n");
        ApplyPatchAction action = verify("*** Update File: missing/../a.txt", "@@", "-a", "+b");
        assertThat(action.writtenPaths()).containsExactly(ws.resolve("a.txt"));
        PatchApplier.HelperResult result =
                PatchApplier.run(action.patch(), ws, WriteGuard.onlyTo(action.writtenPaths()));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(ws.resolve("a.txt")).hasContent("b");
        assertThat(ws.resolve("missing")).doesNotExist();
    }

    @Test
    void aSymlinkLoopFailsVerificationWithTheOsError() throws Exception {
        Files.createSymbolicLink(ws.resolve("a"), ws.resolve("b"));
        Files.createSymbolicLink(ws.resolve("b"), ws.resolve("a"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verify("*** Add File: a/x.txt", "+x"))
                .isInstanceOf(PatchException.class)
                .hasMessage("Failed to write file " + ws.resolve("a/x.txt")
                        + ": Too many levels of symbolic links (os error 40)");
        PatchApplier.HelperResult result =
                PatchApplier.run("*** Begin Patch\n*** Add File: a/x.txt\n+x\n*** End Patch", ws);
        assertThat(result.stderr())
                .isEqualTo("Failed to write file a/x.txt: Too many levels of symbolic links (os error 40)\n");
    }

    @Test
    void aSymlinkedDirectoryLeadingOutside() throws Exception {
        Files.createSymbolicLink(ws.resolve("l"), outside);
        ApplyPatchAction action = verify("*** Add File: l/marker.txt", "+x");
        assertThat(action.writtenPaths()).containsExactly(outside.resolve("marker.txt"));
        assertThat(action.changes())
                .containsOnlyKeys(outside.resolve("marker.txt").toString());
        assertThat(inside(action)).isFalse();
    }

    @Test
    void aDanglingSymlinkLeadsWhereTheWriteWouldCreateTheFile() throws Exception {
        Files.createSymbolicLink(ws.resolve("d"), outside.resolve("new.txt"));
        ApplyPatchAction action = verify("*** Add File: d", "+x");
        assertThat(action.writtenPaths()).containsExactly(outside.resolve("new.txt"));
        assertThat(inside(action)).isFalse();
    }

    @Test
    void anUpdateThroughASymlinkedFileIsCheckedAtItsTarget() throws Exception {
        Path victim = outsideFile("victim.txt");
        Files.createSymbolicLink(ws.resolve("f"), victim);
        ApplyPatchAction action = verify("*** Update File: f", "@@", "-outside", "+changed");
        assertThat(action.writtenPaths()).containsExactly(victim);
        assertThat(inside(action)).isFalse();
    }

    @Test
    void deleteViaDotDot() throws Exception {
        Path victim = outsideFile("victim.txt");
        ApplyPatchAction action = verify("*** Delete File: " + viaDotDot(victim));
        assertThat(action.writtenPaths()).containsExactly(victim);
        assertThat(inside(action)).isFalse();
    }

    @Test
    void moveSourceAndDestinationViaDotDot() throws Exception {
        Path victim = outsideFile("victim.txt");
        Files.writeString(ws.resolve("a.txt"), "outside\n");
        ApplyPatchAction fromOutside =
                verify("*** Update File: " + viaDotDot(victim), "*** Move to: in.txt", "@@", "-outside", "+moved");
        assertThat(fromOutside.writtenPaths()).containsExactly(victim, ws.resolve("in.txt"));
        assertThat(inside(fromOutside)).isFalse();
        ApplyPatchAction toOutside = verify(
                "*** Update File: a.txt",
                "*** Move to: " + viaDotDot(outside.resolve("moved.txt")),
                "@@",
                "-outside",
                "+moved");
        assertThat(toOutside.writtenPaths()).containsExactly(ws.resolve("a.txt"), outside.resolve("moved.txt"));
        assertThat(inside(toOutside)).isFalse();
    }

    @Test
    void moveSourceAndDestinationViaASymlinkedDirectory() throws Exception {
        Path victim = outsideFile("victim.txt");
        Files.createSymbolicLink(ws.resolve("l"), outside);
        Files.writeString(ws.resolve("a.txt"), "outside\n");
        ApplyPatchAction fromOutside =
                verify("*** Update File: l/victim.txt", "*** Move to: in.txt", "@@", "-outside", "+moved");
        assertThat(fromOutside.writtenPaths()).containsExactly(victim, ws.resolve("in.txt"));
        assertThat(inside(fromOutside)).isFalse();
        ApplyPatchAction toOutside =
                verify("*** Update File: a.txt", "*** Move to: l/moved.txt", "@@", "-outside", "+moved");
        assertThat(toOutside.writtenPaths()).containsExactly(ws.resolve("a.txt"), outside.resolve("moved.txt"));
        assertThat(inside(toOutside)).isFalse();
    }

    @Test
    void linksInsideThatPointInsideStayInside() throws Exception {
        Files.createDirectories(ws.resolve("sub"));
        Files.createSymbolicLink(ws.resolve("in"), ws.resolve("sub"));
        Files.writeString(ws.resolve("real.txt"), "a\n");
        Files.createSymbolicLink(ws.resolve("g"), Path.of("real.txt"));
        ApplyPatchAction action = verify("*** Add File: in/x.txt", "+x", "*** Update File: g", "@@", "-a", "+b");
        assertThat(action.writtenPaths()).containsExactly(ws.resolve("sub/x.txt"), ws.resolve("real.txt"));
        assertThat(inside(action)).isTrue();
    }

    @Test
    void gitAndCodexUnderARootAreReadOnly() throws Exception {
        Files.createDirectories(ws.resolve(".git"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n");
        assertThat(inside(verify("*** Update File: .git/config", "@@", "-[core]", "+[core]", "+\tfsmonitor = x")))
                .isFalse();
        assertThat(inside(verify("*** Add File: .codex/x", "+x"))).isFalse();
        Files.createDirectories(ws.resolve(".codex"));
        assertThat(inside(verify("*** Add File: .codex/config.toml", "+approval_policy = \"never\"")))
                .isFalse();
        assertThat(inside(verify("*** Add File: src/ok.txt", "+x"))).isTrue();
    }

    @Test
    void theGitdirOfAPointerFileIsReadOnly() throws Exception {
        Files.writeString(ws.resolve(".git"), "gitdir: .store/worktrees/wt\n");
        Files.createDirectories(ws.resolve(".store/worktrees/wt"));
        assertThat(inside(verify("*** Add File: .store/worktrees/wt/HEAD", "+ref: x")))
                .isFalse();
        assertThat(inside(verify("*** Add File: .git", "+gitdir: /elsewhere"))).isFalse();
        assertThat(inside(verify("*** Add File: .store/notes.txt", "+x"))).isTrue();
    }

    @Test
    void deletingASymlinkDeletesTheLinkNotItsTarget() throws Exception {
        Path victim = outsideFile("victim.txt");
        Files.createSymbolicLink(ws.resolve("link"), victim);
        ApplyPatchAction action = verify("*** Delete File: link");
        assertThat(action.writtenPaths()).containsExactly(ws.resolve("link"));
        assertThat(inside(action)).isTrue();

        PatchApplier.HelperResult result = PatchApplier.run(action.patch(), ws);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(ws.resolve("link")).doesNotExist();
        assertThat(Files.isSymbolicLink(ws.resolve("link"))).isFalse();
        assertThat(victim).hasContent("outside");
    }

    @Test
    void anUpdateThroughAnInsideLinkRewritesTheTargetAndKeepsTheLink() throws Exception {
        Files.writeString(ws.resolve("real.txt"), "a\n");
        Files.createSymbolicLink(ws.resolve("g"), Path.of("real.txt"));
        PatchApplier.HelperResult result =
                PatchApplier.run("*** Begin Patch\n*** Update File: g\n@@\n-a\n+b\n*** End Patch", ws);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(Files.isSymbolicLink(ws.resolve("g"))).isTrue();
        assertThat(ws.resolve("real.txt")).hasContent("b");
    }

    @Test
    void writesAndDeletesNeverFollowALinkAtTheCheckedLocation() throws Exception {
        // a link swapped in after the check: the write replaces it instead of writing through it
        Path victim = outsideFile("victim.txt");
        Path checked = ws.resolve("checked.txt");
        Files.createSymbolicLink(checked, victim);
        TextFiles.writeAtomically(checked, "mine\n");
        assertThat(Files.isSymbolicLink(checked)).isFalse();
        assertThat(checked).hasContent("mine");
        assertThat(victim).hasContent("outside");

        Path removed = ws.resolve("removed.txt");
        Files.createSymbolicLink(removed, victim);
        TextFiles.delete(removed);
        assertThat(Files.exists(removed, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
        assertThat(victim).hasContent("outside");
    }

    @Test
    void aDirectorySwappedForALinkAfterTheCheckIsRefused() throws Exception {
        Path sub = Files.createDirectories(ws.resolve("sub"));
        Path checked = sub.resolve("x.txt");
        Files.delete(sub);
        Files.createSymbolicLink(sub, outside);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TextFiles.writeAtomically(checked, "x\n"))
                .isInstanceOf(IOException.class);
        assertThat(outside.resolve("x.txt")).doesNotExist();
    }

    @Test
    void theWriteIsHeldToTheLocationsThatWereChecked() throws Exception {
        Path sub = Files.createDirectories(ws.resolve("sub"));
        Files.createSymbolicLink(ws.resolve("l"), sub);
        ApplyPatchAction action = verify("*** Add File: first.txt", "+1", "*** Add File: l/marker.txt", "+x");
        assertThat(inside(action)).isTrue();
        // while the approval is pending, the model repoints the link outside
        Files.delete(ws.resolve("l"));
        Files.createSymbolicLink(ws.resolve("l"), outside);

        PatchApplier.HelperResult result =
                PatchApplier.run(action.patch(), action.cwd(), WriteGuard.onlyTo(action.writtenPaths()));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo("patch rejected: l/marker.txt now resolves to " + outside.resolve("marker.txt")
                        + ", not to the location that was checked\n");
        assertThat(outside.resolve("marker.txt")).doesNotExist();
        assertThat(sub.resolve("marker.txt")).doesNotExist();
        assertThat(ws.resolve("first.txt")).doesNotExist();
    }
}
