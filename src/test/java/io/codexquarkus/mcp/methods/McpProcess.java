package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.McpTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code codex-quarkus mcp} as a subprocess (the counterpart of upstream's McpProcess): stdio pipes, a temporary
 * {@code CODEX_HOME}, no {@code OPENAI_API_KEY} from the build's environment. Closing stdin must end the process; it
 * is killed (with its descendants) if it does not.
 */
final class McpProcess {
    final McpTestClient client;
    private final Process process;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stderrReader;

    McpProcess(Path home, Path cwd, Map<String, String> env, String... args) {
        List<String> arguments = new ArrayList<>();
        arguments.add("mcp");
        arguments.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(Launcher.command(arguments.toArray(String[]::new))).directory(cwd.toFile());
        Launcher.baseEnvironment(builder.environment());
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().put("CODEX_HOME", home.toString());
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InputStream err = process.getErrorStream();
        stderrReader = Thread.ofPlatform().daemon().start(() -> {
            try (err) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = err.read(buffer)) >= 0) {
                    synchronized (stderr) {
                        stderr.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        });
        client = new McpTestClient(process.getOutputStream(), process.getInputStream());
    }

    JsonNode call(String method, String params) throws InterruptedException {
        JsonNode response = respond(method, params);
        assertThat(response.has("error"))
                .as("%s: %s\nstderr:\n%s", method, response, stderr())
                .isFalse();
        return response.path("result");
    }

    JsonNode respond(String method, String params) throws InterruptedException {
        int id = client.request(method, params == null ? null : Json.parse(params));
        return client.readResponse(id);
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** Closes stdin and returns the exit code; fails when the process does not end within 20 s. */
    int close() throws InterruptedException {
        client.closeInput();
        boolean ended = process.waitFor(20, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("codex-quarkus mcp did not exit after stdin closed\nstderr:\n" + stderr());
        }
        stderrReader.join(5_000);
        return process.exitValue();
    }

    /** Kills the process if a test failed before {@link #close()}. */
    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
