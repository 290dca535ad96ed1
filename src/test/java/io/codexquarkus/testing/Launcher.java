package io.codexquarkus.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged application through {@code deployment/codex-quarkus}, as users do, for {@code *IT} tests: real
 * process, real exit code, stdout and stderr kept apart. Every run has a timeout and the process is always reaped.
 */
public final class Launcher {
    private Launcher() {}

    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("codex.project.dir", ".")).toAbsolutePath();
    }

    public static Path launcher() {
        return projectDir().resolve("deployment/codex-quarkus");
    }

    public static Path runnerJar() {
        String jar = System.getProperty("codex.runner.jar");
        if (jar != null) {
            return Path.of(jar);
        }
        try (var files = Files.list(projectDir().resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line that starts the application with stdio of its own (for MCP tests). */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Environment every test run gets: the JDK running the tests, and the built jar. */
    public static void baseEnvironment(Map<String, String> env) {
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CODEX_QUARKUS_JAR", runnerJar().toString());
    }

    public static Result run(Path cwd, Map<String, String> env, String stdin, String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(cwd.toFile());
        baseEnvironment(builder.environment());
        builder.environment().putAll(env);
        return run(builder, stdin);
    }

    /**
     * Runs {@code builder} to its end: {@code stdin} written then closed (none when null), stdout and stderr captured
     * apart, at most 60 s (then the process tree is killed), always reaped.
     */
    public static Result run(ProcessBuilder builder, String stdin) {
        try {
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            try (var stdinStream = process.getOutputStream()) {
                if (stdin != null) {
                    stdinStream.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out: " + String.join(" ", builder.command()) + "\n" + err.getNow(""));
            }
            return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Reads {@code stream} to its end on another thread, as UTF-8 text. */
    public static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
