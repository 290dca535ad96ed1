package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writable roots as Codex derives them, and the "is this path writable" question patch approval asks. */
class WritableRootsTest {
    @TempDir
    Path dir;

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
        Files.writeString(plain.resolve(".git"), "gitdir: elsewhere\n"); // a worktree's .git file: not a directory
        List<WritableRoot> roots =
                workspace(List.of(plain.toString()), true, true).writableRoots(dir, Map.of());
        assertThat(roots.get(0)).isEqualTo(new WritableRoot(plain, List.of()));
        assertThat(roots.get(1)).isEqualTo(new WritableRoot(dir, List.of(dir.resolve(".git"))));
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
    void pathWritableUnderReadOnlyAndFullAccess() {
        assertThat(new SandboxPolicy.ReadOnly().isPathWritable(Path.of("a.txt"), dir, Map.of()))
                .isFalse();
        assertThat(new SandboxPolicy.DangerFullAccess().isPathWritable(Path.of("/etc/x"), dir, Map.of()))
                .isTrue();
    }
}
