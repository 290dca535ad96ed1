package io.codexquarkus.agent.session;

import io.codexquarkus.agent.rollout.SessionMeta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Commit, branch and remote of the working directory for {@code session_meta}, each from a short-lived git call. */
final class GitInfoReader {
    private static final long TIMEOUT_MS = 2_000;

    private GitInfoReader() {}

    static Optional<SessionMeta.GitInfo> read(Path cwd) {
        Optional<String> commit = git(cwd, "rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SessionMeta.GitInfo(
                commit.get(),
                git(cwd, "rev-parse", "--abbrev-ref", "HEAD").orElse(null),
                git(cwd, "remote", "get-url", "origin").orElse(null)));
    }

    private static Optional<String> git(Path cwd, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command)
                    .directory(cwd.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] out;
            try (var stdout = process.getInputStream()) {
                out = stdout.readNBytes(4096);
            }
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 && !text.isEmpty() ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
