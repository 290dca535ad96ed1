package io.codexquarkus.tools.git;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Commit, branch and remote of the working directory for {@code session_meta}. A session start waits for them, so
 * they come from the repository's files when those are plain ({@link GitRepositoryFiles}), else from three git calls
 * run at the same time under one deadline; nothing runs when no {@code .git} is above the directory.
 */
public final class GitInfoReader {
    private static final long TIMEOUT_MS = 2_000;
    private static final int MAX_OUTPUT = 4096;

    private GitInfoReader() {}

    public static Optional<GitInfo> read(Path cwd) {
        Optional<Path> dotGit = dotGit(cwd);
        if (dotGit.isEmpty()) {
            return Optional.empty();
        }
        return switch (GitRepositoryFiles.read(dotGit.get(), System.getenv())) {
            case GitRepositoryFiles.Answer.Known known -> known.info();
            case GitRepositoryFiles.Answer.Unsure unsure -> readWithGit(cwd);
        };
    }

    /** The same three values from git itself. */
    static Optional<GitInfo> readWithGit(Path cwd) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        Optional<Process> commit = start(cwd, "rev-parse", "HEAD");
        Optional<Process> branch = start(cwd, "rev-parse", "--abbrev-ref", "HEAD");
        Optional<Process> origin = start(cwd, "remote", "get-url", "origin");
        Optional<String> head = commit.flatMap(p -> output(p, deadline));
        Optional<String> branchName = branch.flatMap(p -> output(p, deadline));
        Optional<String> originUrl = origin.flatMap(p -> output(p, deadline));
        return head.map(sha -> new GitInfo(sha, branchName.orElse(null), originUrl.orElse(null)));
    }

    /** The nearest {@code .git} at or above {@code cwd}: a directory, or a file in worktrees and submodules. */
    static Optional<Path> dotGit(Path cwd) {
        for (Path dir = cwd.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".git");
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Process> start(Path cwd, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            return Optional.of(new ProcessBuilder(command)
                    .directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The trimmed stdout of a successful call; empty on failure or past the deadline (then the call is killed). */
    private static Optional<String> output(Process process, long deadline) {
        try {
            // git's answers are a line: they fit the pipe, so waiting for the exit before reading cannot block git
            long left = Math.max(0, deadline - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            byte[] out;
            try (InputStream stdout = process.getInputStream()) {
                out = stdout.readNBytes(MAX_OUTPUT);
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 && !text.isEmpty() ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return Optional.empty();
        }
    }
}
