package io.codexquarkus.testing;

import io.codexquarkus.sandbox.linux.PrestartRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code codex-quarkus mcp} as a real subprocess (the counterpart of upstream's {@code McpProcess}): stdin and stdout
 * piped to an {@link McpTestClient}, stderr kept in a file for failure messages, {@code CODEX_HOME} set to a test
 * directory. Closing it closes stdin, waits (bounded) and kills whatever is left, so no test leaks a JVM.
 */
public final class McpServerProcess implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final Process process;
    private final Path stderr;
    private final McpTestClient client;

    private McpServerProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.client = new McpTestClient(process.getOutputStream(), process.getInputStream());
    }

    /**
     * Starts {@code codex-quarkus mcp <args>} in {@code cwd} with {@code CODEX_HOME=home}.
     *
     * @param args extra command-line arguments after {@code mcp} (for example {@code -c key=value})
     */
    public static McpServerProcess start(Path home, Path cwd, String... args) {
        return start(home, cwd, Map.of(), args);
    }

    public static McpServerProcess start(Path home, Path cwd, Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("mcp");
        argv.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(Launcher.command(argv.toArray(String[]::new))).directory(cwd.toFile());
        Launcher.baseEnvironment(builder.environment());
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().put("CODEX_HOME", home.toString());
        builder.environment().putAll(env);
        Path stderr = home.resolve("mcp-stderr-" + COUNT.incrementAndGet() + ".log");
        builder.redirectError(stderr.toFile());
        try {
            return new McpServerProcess(builder.start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public McpTestClient client() {
        return client;
    }

    public Process process() {
        return process;
    }

    /**
     * The server's live descendants other than a sandbox helper started ahead that still waits for its command: the
     * server keeps one ready from its first turn on (by design; it runs nothing until a command takes it).
     */
    public List<ProcessHandle> processesOtherThanAWaitingHelper() {
        return process.descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> !p.info().commandLine().orElse("").endsWith(" " + PrestartRequest.AWAIT))
                .toList();
    }

    /** What the server wrote on stderr so far (its log). */
    public String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Closes stdin and waits for the process to exit; returns its exit code or fails after {@code timeout}. */
    public int closeInputAndAwaitExit(Duration timeout) throws InterruptedException {
        client.closeInput();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("mcp server still running " + timeout + " after stdin closed\n" + stderr());
        }
        return process.exitValue();
    }

    /** A description for assertion messages: what the client saw and the server's stderr. */
    public String transcript() {
        String log = stderr();
        if (log.length() > 8_000) {
            log = "…" + log.substring(log.length() - 8_000);
        }
        return "--- seen ---\n" + client.dump() + "--- stderr ---\n" + log;
    }

    @Override
    public void close() {
        client.closeInput();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
