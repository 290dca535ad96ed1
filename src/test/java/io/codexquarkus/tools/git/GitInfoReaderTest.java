package io.codexquarkus.tools.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository-file reader must say exactly what git says, or step aside. */
class GitInfoReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsCommitBranchAndOriginOfARepository() throws Exception {
        Path repo = repositoryWithCommit("trunk");
        git(repo, "remote", "add", "origin", "https://example.invalid/acme/widgets.git");
        Path nested = Files.createDirectories(repo.resolve("src/deep"));

        GitInfo info = GitInfoReader.read(nested).orElseThrow();

        assertThat(info.commitHash()).isEqualTo(git(repo, "rev-parse", "HEAD")).hasSize(40);
        assertThat(info.branch()).isEqualTo("trunk");
        assertThat(info.repositoryUrl()).isEqualTo("https://example.invalid/acme/widgets.git");
        assertFilesAgreeWithGit(nested);
    }

    @Test
    void packedRefsAndNoOrigin() throws Exception {
        Path repo = repositoryWithCommit("main");
        git(repo, "pack-refs", "--all");
        assertThat(repo.resolve(".git/refs/heads/main")).doesNotExist();

        assertThat(GitInfoReader.read(repo).orElseThrow().repositoryUrl()).isNull();
        assertFilesAgreeWithGit(repo);
    }

    @Test
    void detachedHead() throws Exception {
        Path repo = repositoryWithCommit("main");
        git(repo, "checkout", "-q", "--detach");

        assertThat(GitInfoReader.read(repo).orElseThrow().branch()).isEqualTo("HEAD");
        assertFilesAgreeWithGit(repo);
    }

    @Test
    void linkedWorktreeOnItsOwnBranch() throws Exception {
        Path repo = repositoryWithCommit("main");
        git(repo, "remote", "add", "origin", "git@example.invalid:acme/widgets.git");
        Path worktree = dir.resolve("wt");
        git(repo, "worktree", "add", "-q", "-b", "feature", worktree.toString());
        assertThat(worktree.resolve(".git")).isRegularFile();

        GitInfo info = GitInfoReader.read(worktree).orElseThrow();

        assertThat(info.branch()).isEqualTo("feature");
        assertThat(info.repositoryUrl()).isEqualTo("git@example.invalid:acme/widgets.git");
        assertFilesAgreeWithGit(worktree);
    }

    @Test
    void unusualConfigIsLeftToGit() throws Exception {
        Path repo = repositoryWithCommit("main");
        git(repo, "config", "url.https://mirror.invalid/.insteadOf", "https://example.invalid/");
        git(repo, "remote", "add", "origin", "https://example.invalid/acme/widgets.git");

        assertThat(GitRepositoryFiles.read(repo.resolve(".git"), Map.of()))
                .isInstanceOf(GitRepositoryFiles.Answer.Unsure.class);
        assertThat(GitInfoReader.read(repo).orElseThrow().repositoryUrl())
                .isEqualTo("https://mirror.invalid/acme/widgets.git");
    }

    @Test
    void gitDirInTheEnvironmentIsLeftToGit() throws Exception {
        Path repo = repositoryWithCommit("main");
        assertThat(GitRepositoryFiles.read(repo.resolve(".git"), Map.of("GIT_DIR", "/elsewhere")))
                .isInstanceOf(GitRepositoryFiles.Answer.Unsure.class);
    }

    @Test
    void aRepositoryWithoutCommitsHasNoInfo() throws Exception {
        git(dir, "init", "-q");
        assertThat(GitRepositoryFiles.read(dir.resolve(".git"), Map.of()))
                .isEqualTo(new GitRepositoryFiles.Answer.Known(Optional.empty()));
        assertThat(GitInfoReader.read(dir)).isEmpty();
        assertThat(GitInfoReader.readWithGit(dir)).isEmpty();
    }

    @Test
    void aDirectoryOutsideAnyRepositoryHasNoInfo() {
        assertThat(GitInfoReader.dotGit(dir)).isEmpty();
        assertThat(GitInfoReader.read(dir)).isEmpty();
    }

    private void assertFilesAgreeWithGit(Path cwd) {
        Path dotGit = GitInfoReader.dotGit(cwd).orElseThrow();
        assertThat(GitRepositoryFiles.read(dotGit, Map.of()))
                .isEqualTo(new GitRepositoryFiles.Answer.Known(GitInfoReader.readWithGit(cwd)));
    }

    private Path repositoryWithCommit(String branch) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q", "-b", branch);
        Files.writeString(repo.resolve("a.txt"), "a\n");
        git(repo, "add", "a.txt");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "first");
        return repo;
    }

    private static String git(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.strip();
    }
}
