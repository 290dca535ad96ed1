package io.codexquarkus.tools.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the program of a command before it is spawned, so failures get a clear message, and turns the JDK's spawn
 * errors into one-line messages.
 *
 * <p>A name without {@code /} is looked up on the {@code PATH} of the command's own environment (falling back to this
 * process's), as Codex does. The JDK searches this process's {@code PATH} only, so the bare name is passed on when both
 * searches agree (the program keeps its {@code argv[0]}) and the absolute path otherwise.
 */
final class ProgramLocator {
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    // the JDK words errno two ways: "error=2, No such file or directory" and "error: 2 (No such file or directory)"
    private static final Pattern JDK_ERROR = Pattern.compile("error=(\\d+), (.+?)\\s*$");
    private static final Pattern JDK_EXEC_ERROR = Pattern.compile("error: (\\d+) \\((.+)\\)\\s*$");

    private ProgramLocator() {}

    /** Checks that {@code cwd} is a directory; returns it absolute. */
    static Path workingDirectory(Path cwd) throws ExecSpawnException {
        Path dir = cwd.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            throw ExecSpawnException.cannotStart("working directory does not exist: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw ExecSpawnException.cannotStart("working directory is not a directory: " + dir);
        }
        return dir;
    }

    /** The program name to hand to {@link ProcessBuilder}: {@code program} itself or its absolute path. */
    static String locate(String program, Map<String, String> env, Path cwd) throws ExecSpawnException {
        if (program.isEmpty()) {
            throw ExecSpawnException.notFound("program not found: the command's program name is empty");
        }
        if (program.indexOf('/') >= 0) {
            Path file;
            try {
                file = cwd.resolve(program);
            } catch (InvalidPathException e) {
                throw ExecSpawnException.notFound("program not found: " + program);
            }
            if (!Files.exists(file)) {
                throw ExecSpawnException.notFound("program not found: " + program);
            }
            if (Files.isDirectory(file) || !Files.isExecutable(file)) {
                throw ExecSpawnException.cannotStart("program is not executable: " + program);
            }
            return program;
        }
        String jvmPath = Objects.requireNonNullElse(System.getenv("PATH"), DEFAULT_PATH);
        String childPath = env.getOrDefault("PATH", jvmPath);
        Optional<Path> found = search(program, childPath, cwd);
        if (found.isEmpty()) {
            if (existsOnPath(program, childPath, cwd)) {
                throw ExecSpawnException.cannotStart("program is not executable: " + program);
            }
            throw ExecSpawnException.notFound("program not found: " + program + " (searched PATH=" + childPath + ")");
        }
        return childPath.equals(jvmPath) || found.equals(search(program, jvmPath, cwd))
                ? program
                : found.get().toString();
    }

    private static Optional<Path> search(String program, String path, Path cwd) {
        for (String entry : path.split(File.pathSeparator, -1)) {
            try {
                Path candidate = cwd.resolve(entry.isEmpty() ? "." : entry).resolve(program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toAbsolutePath().normalize());
                }
            } catch (InvalidPathException e) {
                // an unusable PATH entry is skipped, as execvp does
            }
        }
        return Optional.empty();
    }

    private static boolean existsOnPath(String program, String path, Path cwd) {
        for (String entry : path.split(File.pathSeparator, -1)) {
            try {
                if (Files.isRegularFile(
                        cwd.resolve(entry.isEmpty() ? "." : entry).resolve(program))) {
                    return true;
                }
            } catch (InvalidPathException e) {
                // skipped
            }
        }
        return false;
    }

    /** A one-line message for a failed {@link ProcessBuilder#start()}. */
    static ExecSpawnException spawnFailed(String program, IOException e) {
        String detail = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        for (Pattern pattern : List.of(JDK_ERROR, JDK_EXEC_ERROR)) {
            Matcher m = pattern.matcher(detail);
            if (m.find()) {
                return new ExecSpawnException(
                        "failed to start " + program + ": " + m.group(2) + " (os error " + m.group(1) + ")", e);
            }
        }
        return new ExecSpawnException("failed to start " + program + ": " + detail, e);
    }
}
