package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification against the file system: the changes approval requests show, or the error the model gets. */
class PatchVerifierTest {
    @TempDir
    Path dir;

    private VerifiedInvocation verify(String patch) {
        return PatchVerifier.verify(List.of("apply_patch", patch), dir);
    }

    private ApplyPatchAction verified(String patch) {
        VerifiedInvocation result = verify(patch);
        assertThat(result).isInstanceOf(VerifiedInvocation.Verified.class);
        return ((VerifiedInvocation.Verified) result).action();
    }

    @Test
    void updateResolvesAgainstCwdWithOneLineOfContext() throws IOException {
        Files.writeString(dir.resolve("source.txt"), "session directory content\n");
        String patch = "*** Begin Patch\n*** Update File: source.txt\n@@\n-session directory content\n"
                + "+updated session directory content\n*** End Patch";
        ApplyPatchAction action = verified(patch);
        assertThat(action.cwd()).isEqualTo(dir);
        assertThat(action.patch()).isEqualTo(patch);
        assertThat(action.files())
                .containsExactly(new ApplyPatchAction.VerifiedFile(
                        dir.resolve("source.txt"),
                        new FileChange.Update(
                                "@@ -1 +1 @@\n-session directory content\n+updated session directory content\n",
                                Optional.empty()),
                        Optional.of("updated session directory content\n")));
        // nothing was written
        assertThat(Files.readString(dir.resolve("source.txt"))).isEqualTo("session directory content\n");
    }

    @Test
    void cdInTheScriptMovesTheCwdAndMovePathsAreAbsolute() throws IOException {
        Path worktree = Files.createDirectory(dir.resolve("alt"));
        Files.writeString(worktree.resolve("old.txt"), "before\n");
        String script = "cd alt && apply_patch <<'PATCH'\n*** Begin Patch\n*** Update File: old.txt\n"
                + "*** Move to: renamed.txt\n@@\n-before\n+after\n*** End Patch\nPATCH";
        VerifiedInvocation result = PatchVerifier.verify(List.of("bash", "-lc", script), dir);
        ApplyPatchAction action = ((VerifiedInvocation.Verified) result).action();
        assertThat(action.cwd()).isEqualTo(worktree);
        FileChange change = action.changes().get(worktree.resolve("old.txt").toString());
        assertThat(change)
                .isEqualTo(new FileChange.Update(
                        "@@ -1 +1 @@\n-before\n+after\n",
                        Optional.of(worktree.resolve("renamed.txt").toString())));
        assertThat(action.writtenPaths()).containsExactly(worktree.resolve("old.txt"), worktree.resolve("renamed.txt"));
    }

    @Test
    void addAndDeleteCarryContent() throws IOException {
        Files.writeString(dir.resolve("gone.txt"), "old\n");
        ApplyPatchAction action = verified(
                "*** Begin Patch\n*** Add File: sub/new.txt\n+a\n+b\n*** Delete File: gone.txt\n*** End Patch");
        assertThat(action.changes())
                .containsExactly(
                        Map.entry(dir.resolve("sub/new.txt").toString(), new FileChange.Add("a\nb\n")),
                        Map.entry(dir.resolve("gone.txt").toString(), new FileChange.Delete("old\n")));
        assertThat(action.isEmpty()).isFalse();
    }

    @Test
    void errorsUseAbsolutePaths() throws IOException {
        Path missing = dir.resolve("missing.txt");
        assertThat(verify("*** Begin Patch\n*** Delete File: missing.txt\n*** End Patch"))
                .isEqualTo(new VerifiedInvocation.CorrectnessError(
                        "Failed to read " + missing + ": No such file or directory (os error 2)"));
        assertThat(verify("*** Begin Patch\n*** Update File: missing.txt\n@@\n-a\n+b\n*** End Patch"))
                .isEqualTo(new VerifiedInvocation.CorrectnessError(
                        "Failed to read file to update " + missing + ": No such file or directory (os error 2)"));
        Files.writeString(dir.resolve("f.txt"), "a\n");
        assertThat(verify("*** Begin Patch\n*** Update File: f.txt\n@@\n-zzz\n+b\n*** End Patch"))
                .isEqualTo(new VerifiedInvocation.CorrectnessError(
                        "Failed to find expected lines in " + dir.resolve("f.txt") + ":\nzzz"));
        Files.createDirectory(dir.resolve("folder"));
        assertThat(verify("*** Begin Patch\n*** Delete File: folder\n*** End Patch"))
                .isEqualTo(new VerifiedInvocation.CorrectnessError(
                        "Failed to read " + dir.resolve("folder") + ": Is a directory (os error 21)"));
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertThat(verify("*** Begin Patch\n*** Update File: latin1.txt\n@@\n-x\n+y\n*** End Patch"))
                .isEqualTo(new VerifiedInvocation.CorrectnessError("Failed to read file to update "
                        + dir.resolve("latin1.txt") + ": stream did not contain valid UTF-8"));
    }

    @Test
    void parseErrorsAndOrdinaryCommands() {
        assertThat(verify("*** Begin Patch\n*** Update File: x\n*** End Patch"))
                .isEqualTo(new VerifiedInvocation.CorrectnessError(
                        "invalid hunk at line 2, Update file hunk for path 'x' is empty"));
        assertThat(PatchVerifier.verify(List.of("git", "status"), dir))
                .isInstanceOf(VerifiedInvocation.NotApplyPatch.class);
    }

    @Test
    void fileChangeJsonIsExternallyTagged() throws Exception {
        assertThat(Json.write(new FileChange.Add("hi\n"))).isEqualTo("{\"add\":{\"content\":\"hi\\n\"}}");
        assertThat(Json.write(new FileChange.Delete("bye\n"))).isEqualTo("{\"delete\":{\"content\":\"bye\\n\"}}");
        assertThat(Json.write(new FileChange.Update("@@ -1 +1 @@\n-a\n+b\n", Optional.empty())))
                .isEqualTo("{\"update\":{\"unified_diff\":\"@@ -1 +1 @@\\n-a\\n+b\\n\",\"move_path\":null}}");
        assertThat(Json.write(new FileChange.Update("", Optional.of("/abs/dest.txt"))))
                .isEqualTo("{\"update\":{\"unified_diff\":\"\",\"move_path\":\"/abs/dest.txt\"}}");
        for (FileChange change : List.of(
                new FileChange.Add("x"),
                new FileChange.Delete("y"),
                new FileChange.Update("d", Optional.of("/p")),
                new FileChange.Update("d", Optional.empty()))) {
            assertThat(Json.MAPPER.readValue(Json.write(change), FileChange.class))
                    .isEqualTo(change);
        }
    }

    /** An event record declaring the map's value type: the tag must still be written exactly once. */
    record PatchApplyBegin(
            @com.fasterxml.jackson.annotation.JsonProperty("changes")
            Map<String, FileChange> changes,

            @com.fasterxml.jackson.annotation.JsonProperty("list")
            List<FileChange> list) {}

    @Test
    void declaredTypesDoNotDoubleTheTag() throws Exception {
        PatchApplyBegin event =
                new PatchApplyBegin(Map.of("/a", new FileChange.Add("x")), List.of(new FileChange.Delete("y")));
        String json = Json.write(event);
        assertThat(json)
                .isEqualTo("{\"changes\":{\"/a\":{\"add\":{\"content\":\"x\"}}},"
                        + "\"list\":[{\"delete\":{\"content\":\"y\"}}]}");
        assertThat(Json.MAPPER.readValue(json, PatchApplyBegin.class)).isEqualTo(event);
    }

    @Test
    void changesMapSerialisesAsInEvents() throws IOException {
        Path file = dir.resolve("destination_file.txt");
        Files.writeString(file, "original content\n");
        ApplyPatchAction action = verified(
                "*** Begin Patch\n*** Update File: " + file + "\n-original content\n+modified content\n*** End Patch");
        assertThat(Json.write(action.changes()))
                .isEqualTo("{\"" + file + "\":{\"update\":{\"unified_diff\":\"@@ -1 +1 @@\\n-original content\\n"
                        + "+modified content\\n\",\"move_path\":null}}}");
    }
}
