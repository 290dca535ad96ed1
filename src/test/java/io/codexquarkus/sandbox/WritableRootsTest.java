package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.testing.OutsideDirectory;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writable roots as Codex derives them, and the "is this path writable" question patch approval asks. */
class WritableRootsTest {
    @TempDir
    Path dir;

    private final List<Path> outsides = new ArrayList<>();

    /** A directory outside /tmp and $TMPDIR, removed after the test. */
    private Path outside(String prefix) {
        Path outside = OutsideDirectory.create(prefix);
        outsides.add(outside);
        return outside;
    }

    @AfterEach
    void removeOutsides() throws IOException {
        for (Path outside : outsides) {
            try (Stream<Path> files = Files.walk(outside)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static SandboxPolicy.WorkspaceWrite workspace(List<String> roots, boolean noTmpdir, boolean noSlashTmp) {
        return new SandboxPolicy.WorkspaceWrite(roots, false, noTmpdir, noSlashTmp);
    }

    @Test
    void configuredRootsThenCwdThenSlashTmpThenTmpdir() throws IOException {
        Path cwd = Files.createDirectories(dir.resolve("project"));
        Path extra = Files.createDirectories(dir.resolve("extra"));
        Path tmpdir = Files.createDirectories(dir.resolve("tmpdir"));
        List<WritableRoot> roots = workspace(List.of(extra.toString()), false, false)
                .writableRoots(cwd, Map.of("TMPDIR", tmpdir.toString()));
        assertThat(roots).extracting(WritableRoot::root).containsExactly(extra, cwd, Path.of("/tmp"), tmpdir);
        assertThat(roots).allSatisfy(r -> assertThat(r.readOnlySubpaths()).isEmpty());
    }

    @Test
    void exclusionsAndEmptyTmpdir() {
        Path cwd = dir;
        assertThat(workspace(List.of(), true, true).writableRoots(cwd, Map.of("TMPDIR", "/var/tmp")))
                .extracting(WritableRoot::root)
                .containsExactly(cwd);
        assertThat(workspace(List.of(), false, true).writableRoots(cwd, Map.of("TMPDIR", "")))
                .extracting(WritableRoot::root)
                .containsExactly(cwd);
        assertThat(workspace(List.of(), false, false).writableRoots(cwd, Map.of()))
                .extracting(WritableRoot::root)
                .containsExactly(cwd, Path.of("/tmp"));
    }

    @Test
    void relativeRootsAreRelativeToThePolicyDirectory() {
        assertThat(workspace(List.of("build/out"), true, true).writableRoots(dir, Map.of()))
                .extracting(WritableRoot::root)
                .containsExactly(dir.resolve("build/out"), dir);
        assertThat(WritableRoots.rootPaths(workspace(List.of("rel", "/abs"), true, true), "/p", null))
                .containsExactly("/p/rel", "/abs", "/p");
    }

    @Test
    void otherPoliciesHaveNoRoots() {
        assertThat(new SandboxPolicy.ReadOnly().writableRoots(dir, Map.of())).isEmpty();
        assertThat(new SandboxPolicy.DangerFullAccess().writableRoots(dir, Map.of()))
                .isEmpty();
    }

    @Test
    void gitDirectoryOfARootStaysReadOnly() throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Path plain = Files.createDirectories(dir.resolve("plain"));
        List<WritableRoot> roots =
                workspace(List.of(plain.toString()), true, true).writableRoots(dir, Map.of());
        assertThat(roots.get(0)).isEqualTo(new WritableRoot(plain, List.of()));
        assertThat(roots.get(1)).isEqualTo(new WritableRoot(dir, List.of(dir.resolve(".git"))));
    }

    @Test
    void aWorktreePointerFileAndItsGitdirStayReadOnly() throws IOException {
        Path relative = Files.createDirectories(dir.resolve("relative"));
        Files.writeString(relative.resolve(".git"), "gitdir: ../main/.git/worktrees/relative\n");
        Path absolute = Files.createDirectories(dir.resolve("absolute"));
        Path gitdir = dir.resolve("store/worktrees/absolute");
        Files.writeString(absolute.resolve(".git"), "gitdir: " + gitdir + "\n");
        Path noPointer = Files.createDirectories(dir.resolve("no-pointer"));
        Files.writeString(noPointer.resolve(".git"), "not a pointer\n");
        List<WritableRoot> roots = workspace(
                        List.of(relative.toString(), absolute.toString(), noPointer.toString()), true, true)
                .writableRoots(dir, Map.of());
        assertThat(roots.get(0).readOnlySubpaths())
                .containsExactly(dir.resolve("main/.git/worktrees/relative"), relative.resolve(".git"));
        assertThat(roots.get(1).readOnlySubpaths()).containsExactly(gitdir, absolute.resolve(".git"));
        assertThat(roots.get(2).readOnlySubpaths()).containsExactly(noPointer.resolve(".git"));
    }

    @Test
    void codexDirectoryOfARootStaysReadOnly() throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Files.createDirectories(dir.resolve(".codex"));
        assertThat(workspace(List.of(), true, true).writableRoots(dir, Map.of()))
                .containsExactly(new WritableRoot(dir, List.of(dir.resolve(".git"), dir.resolve(".codex"))));
    }

    @Test
    void pathWritableUnderWorkspaceWrite() throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        SandboxPolicy policy = workspace(List.of("/data"), true, true);
        Map<String, String> env = Map.of();
        assertThat(policy.isPathWritable(Path.of("src/Main.java"), dir, env)).isTrue();
        assertThat(policy.isPathWritable(dir.resolve("a/b/c.txt"), dir, env)).isTrue();
        assertThat(policy.isPathWritable(Path.of("/data/x"), dir, env)).isTrue();
        assertThat(policy.isPathWritable(Path.of("../outside.txt"), dir, env)).isFalse();
        assertThat(policy.isPathWritable(Path.of("sub/../../outside.txt"), dir, env))
                .isFalse();
        assertThat(policy.isPathWritable(Path.of("sub/../inside.txt"), dir, env))
                .isTrue();
        assertThat(policy.isPathWritable(Path.of(".git/config"), dir, env)).isFalse();
        assertThat(policy.isPathWritable(Path.of(".gitignore"), dir, env)).isTrue();
        assertThat(policy.isPathWritable(Path.of("/etc/passwd"), dir, env)).isFalse();
        assertThat(policy.isPathWritable(Path.of("/database"), dir, env)).isFalse();
        assertThat(policy.isPathWritable(Path.of("/tmp/x"), dir, env)).isFalse();
        assertThat(workspace(List.of(), false, false).isPathWritable(Path.of("/tmp/x"), dir, env))
                .isTrue();
    }

    @Test
    void gitAndCodexStayReadOnlyForPatchesEvenBeforeTheyExist() {
        SandboxPolicy policy = workspace(List.of(), true, true);
        assertThat(policy.isPathWritable(Path.of(".git/config"), dir, Map.of())).isFalse();
        assertThat(policy.isPathWritable(Path.of(".codex/config.toml"), dir, Map.of()))
                .isFalse();
        assertThat(policy.isPathWritable(Path.of(".codex"), dir, Map.of())).isFalse();
        assertThat(policy.isPathWritable(Path.of(".codexrc"), dir, Map.of())).isTrue();
    }

    @Test
    void aGitdirNamedByAPointerFileIsReadOnlyInEveryRoot() throws IOException {
        Path worktree = Files.createDirectories(dir.resolve("worktree"));
        Path store = Files.createDirectories(dir.resolve("store/worktrees/wt"));
        Files.writeString(worktree.resolve(".git"), "gitdir: ../store/worktrees/wt\n");
        SandboxPolicy policy = workspace(List.of(worktree.toString()), true, true);
        // the gitdir lies in the other root (the cwd), which would otherwise allow it
        assertThat(policy.isPathWritable(store.resolve("HEAD"), dir, Map.of())).isFalse();
        assertThat(policy.isPathWritable(worktree.resolve(".git"), dir, Map.of()))
                .isFalse();
        assertThat(policy.isPathWritable(worktree.resolve("src/a.txt"), dir, Map.of()))
                .isTrue();
        assertThat(policy.isPathWritable(dir.resolve("store/other.txt"), dir, Map.of()))
                .isTrue();
    }

    @Test
    void theDirectoryOfAPathIsCheckedAtItsRealLocation() throws IOException {
        Path outside = outside("writable-roots-");
        Files.createSymbolicLink(dir.resolve("l"), outside);
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("in"), dir.resolve("sub"));
        Files.createDirectories(dir.resolve(".git"));
        Files.createSymbolicLink(dir.resolve("g"), dir.resolve(".git"));
        SandboxPolicy policy = workspace(List.of(), true, true);
        assertThat(policy.isPathWritable(Path.of("l/marker.txt"), dir, Map.of()))
                .isFalse();
        assertThat(policy.isPathWritable(Path.of("in/x.txt"), dir, Map.of())).isTrue();
        assertThat(policy.isPathWritable(Path.of("g/config"), dir, Map.of())).isFalse();
        // the last component is the entry itself: removing the link l stays inside
        assertThat(policy.isPathWritable(Path.of("l"), dir, Map.of())).isTrue();
    }

    @Test
    void aSymlinkedRootIsComparedAtItsRealLocation() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path linked = Files.createSymbolicLink(dir.resolve("linked"), real);
        SandboxPolicy policy = workspace(List.of(), true, true);
        assertThat(policy.isPathWritable(real.resolve("a.txt"), linked, Map.of()))
                .isTrue();
        assertThat(policy.isPathWritable(Path.of("a.txt"), linked, Map.of())).isTrue();
        assertThat(policy.isPathWritable(dir.resolve("b.txt"), linked, Map.of()))
                .isFalse();
    }

    @Test
    void realLocationNormalisesLexicallyThenFollowsEverySymlink() throws IOException {
        Path outside = outside("real-location-");
        assertThat(WritableRoots.realLocation(dir.resolve("missing/../x"))).isEqualTo(dir.resolve("x"));
        assertThat(WritableRoots.realLocation(dir.resolve("a/b/c"))).isEqualTo(dir.resolve("a/b/c"));
        Files.createSymbolicLink(dir.resolve("l"), outside);
        assertThat(WritableRoots.realLocation(dir.resolve("l/new/deeper.txt")))
                .isEqualTo(outside.resolve("new/deeper.txt"));
        // .. after a link is taken from where the link leads, as the kernel does
        Files.createDirectories(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("sub/up"), Path.of("../sub/.."));
        assertThat(WritableRoots.realLocation(dir.resolve("sub/up/x"))).isEqualTo(dir.resolve("x"));
        // a dangling link leads where a write through it would create the file
        Files.createSymbolicLink(dir.resolve("dangling"), outside.resolve("not-yet.txt"));
        assertThat(WritableRoots.realLocation(dir.resolve("dangling"))).isEqualTo(outside.resolve("not-yet.txt"));
        assertThat(WritableRoots.realEntry(dir.resolve("dangling"))).isEqualTo(dir.resolve("dangling"));
        assertThat(WritableRoots.realEntry(dir.resolve("l/x"))).isEqualTo(outside.resolve("x"));
        long pid = ProcessHandle.current().pid();
        assertThat(WritableRoots.realLocation(Path.of("/proc/self/cwd/../x")))
                .isEqualTo(Path.of("/proc/" + pid + "/x"));
        assertThat(WritableRoots.realLocation(Path.of("/proc/self/cwd/x")))
                .isEqualTo(Path.of("").toAbsolutePath().toRealPath().resolve("x"));
    }

    @Test
    void aSymlinkLoopIsAnError() throws IOException {
        Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
        assertThatThrownBy(() -> WritableRoots.realLocation(dir.resolve("a/x")))
                .isInstanceOf(FileSystemLoopException.class);
        assertThat(workspace(List.of(), true, true).isPathWritable(Path.of("a/x"), dir, Map.of()))
                .isFalse();
    }

    @Test
    void pathWritableUnderReadOnlyAndFullAccess() {
        assertThat(new SandboxPolicy.ReadOnly().isPathWritable(Path.of("a.txt"), dir, Map.of()))
                .isFalse();
        assertThat(new SandboxPolicy.DangerFullAccess().isPathWritable(Path.of("/etc/x"), dir, Map.of()))
                .isTrue();
    }
}
