package io.codexquarkus.tools.git;

import io.codexquarkus.common.Cancellation;
import io.codexquarkus.tools.process.ExecOutput;
import io.codexquarkus.tools.process.ExecRequest;
import io.codexquarkus.tools.process.ExecSpawnException;
import io.codexquarkus.tools.process.OutputListener;
import io.codexquarkus.tools.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gitDiffToRemote}: the working tree (tracked changes and untracked files) against the closest commit that a
 * remote already has. Candidates are the remote-tracking refs, those named like the current branch first, then each
 * remote's default branch, then the rest; the one whose merge base with {@code HEAD} is the fewest commits behind
 * wins. Every git call has a timeout and is reaped.
 */
public final class GitDiffToRemote {
    /** Limit of each git call. */
    static final Duration GIT_TIMEOUT = Duration.ofSeconds(10);
    /** Remote-tracking refs considered at most (each costs two git calls). */
    static final int MAX_CANDIDATE_REFS = 32;
    /** Untracked files included at most. */
    static final int MAX_UNTRACKED_FILES = 1_000;

    /** The commit and the diff against it. */
    public record Result(String sha, String diff) {}

    private final ProcessRunner runner;
    private final Map<String, String> env;

    public GitDiffToRemote(ProcessRunner runner, Map<String, String> processEnv) {
        this.runner = runner;
        Map<String, String> gitEnv = new LinkedHashMap<>(processEnv);
        gitEnv.put("GIT_TERMINAL_PROMPT", "0");
        gitEnv.put("GIT_OPTIONAL_LOCKS", "0");
        this.env = Map.copyOf(gitEnv);
    }

    /** The diff, or empty when {@code cwd} is not in a git work tree or no remote-tracking ref is usable. */
    public Optional<Result> diff(Path cwd) throws InterruptedException {
        if (!Files.isDirectory(cwd)) {
            return Optional.empty();
        }
        if (!git(cwd, "rev-parse", "--is-inside-work-tree")
                .map(String::strip)
                .orElse("")
                .equals("true")) {
            return Optional.empty();
        }
        List<String> remotes = lines(git(cwd, "remote"));
        if (remotes.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> base = closestRemoteCommit(cwd, remotes);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> tracked = git(cwd, "diff", "--no-textconv", "--no-ext-diff", base.get());
        if (tracked.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder diff = new StringBuilder(tracked.get());
        List<String> untracked = nulSeparated(git(cwd, "ls-files", "--others", "--exclude-standard", "-z"));
        for (String file : untracked.subList(0, Math.min(untracked.size(), MAX_UNTRACKED_FILES))) {
            // --no-index exits 1 when the files differ, which they always do here
            run(
                            cwd,
                            List.of(
                                    "git",
                                    "diff",
                                    "--no-textconv",
                                    "--no-ext-diff",
                                    "--binary",
                                    "--no-index",
                                    "--",
                                    "/dev/null",
                                    file))
                    .filter(out -> out.exitCode() == 0 || out.exitCode() == 1)
                    .ifPresent(out -> diff.append(out.stdout()));
        }
        return Optional.of(new Result(base.get(), diff.toString()));
    }

    private Optional<String> closestRemoteCommit(Path cwd, List<String> remotes) throws InterruptedException {
        Set<String> preferred = new LinkedHashSet<>();
        Optional<String> branch =
                git(cwd, "symbolic-ref", "--short", "-q", "HEAD").map(String::strip);
        for (String remote : remotes) {
            branch.ifPresent(b -> preferred.add("refs/remotes/" + remote + "/" + b));
        }
        for (String remote : remotes) {
            git(cwd, "symbolic-ref", "-q", "refs/remotes/" + remote + "/HEAD")
                    .map(String::strip)
                    .filter(ref -> !ref.isEmpty())
                    .ifPresent(preferred::add);
        }
        Set<String> candidates = new LinkedHashSet<>(preferred);
        for (String ref : lines(git(cwd, "for-each-ref", "--format=%(refname)", "refs/remotes"))) {
            if (!ref.endsWith("/HEAD")) {
                candidates.add(ref);
            }
        }
        String best = null;
        long bestDistance = Long.MAX_VALUE;
        int considered = 0;
        for (String ref : candidates) {
            if (++considered > MAX_CANDIDATE_REFS) {
                break;
            }
            Optional<String> mergeBase =
                    git(cwd, "merge-base", "HEAD", ref).map(String::strip).filter(s -> !s.isEmpty());
            if (mergeBase.isEmpty()) {
                continue;
            }
            Optional<Long> distance = git(cwd, "rev-list", "--count", mergeBase.get() + "..HEAD")
                    .map(String::strip)
                    .flatMap(GitDiffToRemote::parseLong);
            if (distance.isPresent() && distance.get() < bestDistance) {
                bestDistance = distance.get();
                best = mergeBase.get();
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Long> parseLong(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** stdout of a successful git call. */
    private Optional<String> git(Path cwd, String... args) throws InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(List.of(args));
        return run(cwd, argv).filter(out -> out.exitCode() == 0).map(ExecOutput::stdout);
    }

    private Optional<ExecOutput> run(Path cwd, List<String> argv) throws InterruptedException {
        try {
            ExecOutput output = runner.run(
                    new ExecRequest(argv, cwd, env, Optional.of(GIT_TIMEOUT), new Cancellation()), OutputListener.NONE);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("gitDiffToRemote was interrupted");
            }
            return output.timedOut() ? Optional.empty() : Optional.of(output);
        } catch (ExecSpawnException e) {
            return Optional.empty();
        }
    }

    private static List<String> lines(Optional<String> text) {
        return text.map(t ->
                        t.lines().map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static List<String> nulSeparated(Optional<String> text) {
        return text.map(t -> List.of(t.split("\0")).stream()
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }
}
