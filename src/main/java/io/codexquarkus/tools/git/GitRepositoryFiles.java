package io.codexquarkus.tools.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads what {@code git rev-parse HEAD}, {@code git rev-parse --abbrev-ref HEAD} and {@code git remote get-url origin}
 * would print straight from the repository's files, because a session start waits for it and three git processes
 * cost about 15 ms. It answers only for the plain layouts it fully understands (a {@code .git} directory or
 * worktree file, loose or packed refs, a simple {@code [remote "origin"]}); anything else (reftable, includes,
 * {@code insteadOf}, quoted values, GIT_DIR in the environment, another owner) is {@link Answer.Unsure}, and the
 * caller asks git itself.
 */
final class GitRepositoryFiles {
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final List<String> GIT_ENVIRONMENT = List.of(
            "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CEILING_DIRECTORIES");

    private GitRepositoryFiles() {}

    /** What the files say: the info, no info (no commit yet), or that only git can tell. */
    sealed interface Answer {
        record Known(Optional<GitInfo> info) implements Answer {}

        record Unsure() implements Answer {}
    }

    static Answer read(Path dotGit, Map<String, String> env) {
        try {
            if (GIT_ENVIRONMENT.stream().anyMatch(env::containsKey)) {
                return new Answer.Unsure();
            }
            Optional<Path> gitDir = gitDir(dotGit);
            if (gitDir.isEmpty() || !ownedByUs(gitDir.get())) {
                return new Answer.Unsure();
            }
            Path common = commonDir(gitDir.get());
            String config = Files.exists(common.resolve("config"))
                    ? Files.readString(common.resolve("config"), StandardCharsets.UTF_8)
                    : "";
            String lower = config.toLowerCase(Locale.ROOT);
            if (lower.contains("reftable")
                    || lower.contains("insteadof")
                    || lower.contains("[include")
                    || Files.exists(common.resolve("reftable"))) {
                return new Answer.Unsure();
            }
            String head = Files.readString(gitDir.get().resolve("HEAD"), StandardCharsets.UTF_8)
                    .strip();
            String commit;
            String branch;
            if (head.startsWith("ref: ")) {
                String ref = head.substring("ref: ".length()).strip();
                if (!ref.startsWith("refs/heads/")) {
                    return new Answer.Unsure();
                }
                branch = ref.substring("refs/heads/".length());
                Optional<Optional<String>> resolved = resolve(common, ref);
                if (resolved.isEmpty()) {
                    return new Answer.Unsure();
                }
                if (resolved.get().isEmpty()) {
                    return new Answer.Known(Optional.empty()); // an unborn branch: rev-parse HEAD fails
                }
                commit = resolved.get().get();
            } else if (OBJECT_ID.matcher(head).matches()) {
                commit = head;
                branch = "HEAD"; // what --abbrev-ref prints for a detached HEAD
            } else {
                return new Answer.Unsure();
            }
            Optional<Optional<String>> origin = originUrl(config);
            if (origin.isEmpty()) {
                return new Answer.Unsure();
            }
            return new Answer.Known(
                    Optional.of(new GitInfo(commit, branch, origin.get().orElse(null))));
        } catch (IOException | RuntimeException e) {
            return new Answer.Unsure();
        }
    }

    /** The git directory of a {@code .git} entry: itself, or where a worktree's / submodule's {@code .git} file points. */
    private static Optional<Path> gitDir(Path dotGit) throws IOException {
        if (Files.isDirectory(dotGit)) {
            return Optional.of(dotGit);
        }
        String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("gitdir: ")) {
            return Optional.empty();
        }
        Path target = dotGit.getParent()
                .resolve(text.substring("gitdir: ".length()).strip())
                .normalize();
        return Files.isDirectory(target) ? Optional.of(target) : Optional.empty();
    }

    private static Path commonDir(Path gitDir) throws IOException {
        Path file = gitDir.resolve("commondir");
        if (!Files.exists(file)) {
            return gitDir;
        }
        return gitDir.resolve(Files.readString(file, StandardCharsets.UTF_8).strip())
                .normalize();
    }

    /** git refuses a repository another user owns (safe.directory); leave that judgement to git. */
    private static boolean ownedByUs(Path gitDir) throws IOException {
        String me = System.getProperty("user.name");
        return me != null && me.equals(Files.getOwner(gitDir).getName());
    }

    /**
     * The object id of {@code ref}: loose file first, then packed-refs. Outer empty: unsure (e.g. a symbolic ref);
     * inner empty: the ref does not exist yet.
     */
    private static Optional<Optional<String>> resolve(Path common, String ref) throws IOException {
        Path loose = common.resolve(ref);
        if (Files.isRegularFile(loose)) {
            String id = Files.readString(loose, StandardCharsets.UTF_8).strip();
            return OBJECT_ID.matcher(id).matches() ? Optional.of(Optional.of(id)) : Optional.empty();
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.startsWith("#") || line.startsWith("^")) {
                    continue;
                }
                int space = line.indexOf(' ');
                if (space > 0 && line.substring(space + 1).strip().equals(ref)) {
                    String id = line.substring(0, space);
                    return OBJECT_ID.matcher(id).matches() ? Optional.of(Optional.of(id)) : Optional.empty();
                }
            }
        }
        return Optional.of(Optional.empty());
    }

    /**
     * The first {@code url} of {@code [remote "origin"]}. Outer empty: a value this reader does not parse (quotes,
     * escapes, comments, continuation lines); inner empty: no such remote or url.
     */
    private static Optional<Optional<String>> originUrl(String config) {
        boolean inOrigin = false;
        for (String raw : config.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    return Optional.empty(); // a key on the header's line
                }
                inOrigin = line.equals("[remote \"origin\"]");
                continue;
            }
            if (!inOrigin || line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || !line.substring(0, eq).strip().equalsIgnoreCase("url")) {
                continue;
            }
            String value = line.substring(eq + 1).strip();
            if (value.isEmpty() || value.matches(".*[\"\\\\#;].*")) {
                return Optional.empty();
            }
            return Optional.of(Optional.of(value));
        }
        return Optional.of(Optional.empty());
    }
}
