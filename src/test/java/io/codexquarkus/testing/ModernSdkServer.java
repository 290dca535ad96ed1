package io.codexquarkus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.ElicitResult;
import io.modelcontextprotocol.modern.client.McpAsyncClient;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code codex-quarkus mcp} as a subprocess driven by the MCP Java SDK's 2026-07-28 client
 * ({@code io.modelcontextprotocol.modern.client}): the SDK's stdio transport over the process's pipes, both directions
 * recorded line by line (so a test can check what went over the wire, not only what the SDK made of it), stderr kept
 * in a file. The SDK's per-round timeout (20 s by default) is raised so an agent turn fits in one round.
 */
public final class ModernSdkServer implements AutoCloseable {
    /** Long enough for a turn on a loaded 2-core machine, short enough that a hang still fails the test. */
    public static final Duration ROUND_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path stderr;
    private final Recorder fromServer = new Recorder();
    private final Recorder toServer = new Recorder();
    private final StdioMcpClientTransport transport;
    private final McpSyncClient client;

    private ModernSdkServer(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        InputStream in = new TeeInput(process.getInputStream(), fromServer);
        OutputStream out = new TeeOutput(process.getOutputStream(), toServer);
        this.transport = StdioMcpClientTransport.builder(in, out)
                .shutdownTimeout(Duration.ofSeconds(5))
                .start();
        this.client = McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("codex-quarkus-it", "0.0.0")
                        .build())
                .roundTimeout(ROUND_TIMEOUT)
                .callTimeout(ROUND_TIMEOUT.multipliedBy(3))
                // an approval nobody expected is a denial: a test that wants to approve sets its own handler per call
                .formElicitation(request -> ElicitResult.accept(Map.of("decision", "denied")))
                .build();
    }

    /** Starts {@code codex-quarkus mcp <args>} with {@code CODEX_HOME=home}, working directory {@code home}. */
    public static ModernSdkServer start(Path home, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("mcp");
        argv.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(Launcher.command(argv.toArray(String[]::new))).directory(home.toFile());
        Launcher.baseEnvironment(builder.environment());
        builder.environment().remove("OPENAI_API_KEY");
        builder.environment().put("CODEX_HOME", home.toString());
        Path stderr = home.resolve("mcp-modern-stderr-" + System.nanoTime() + ".log");
        builder.redirectError(stderr.toFile());
        try {
            return new ModernSdkServer(builder.start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public McpSyncClient client() {
        return client;
    }

    /** A second, reactive client over the same transport: disposing its call's subscription cancels the request. */
    public McpAsyncClient asyncClient() {
        return McpClient.async(transport)
                .clientInfo(McpSchema.Implementation.builder("codex-quarkus-it-async", "0.0.0")
                        .build())
                .roundTimeout(ROUND_TIMEOUT)
                .build();
    }

    public Process process() {
        return process;
    }

    /** Every line the server wrote on stdout so far, parsed (a non-JSON line becomes {@code {"__not_json__": line}}). */
    public List<JsonNode> serverMessages() {
        return fromServer.messages();
    }

    /** Every line the SDK client wrote to the server's stdin so far, parsed. */
    public List<JsonNode> clientMessages() {
        return toServer.messages();
    }

    /** The server's response (result or error) to request {@code id}; fails when there is none. */
    public JsonNode response(JsonNode id) {
        return serverMessages().stream()
                .filter(m -> !m.has("method") && id.equals(m.get("id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no response to " + id + "\n" + transcript()));
    }

    /** The last request of {@code method} the SDK sent; fails when it sent none. */
    public JsonNode lastClientRequest(String method) {
        List<JsonNode> requests = clientMessages().stream()
                .filter(m -> method.equals(m.path("method").asText()) && m.has("id"))
                .toList();
        if (requests.isEmpty()) {
            throw new AssertionError("the SDK sent no " + method + "\n" + transcript());
        }
        return requests.getLast();
    }

    /** The thread of the codex call {@code id}, from its session_configured codex/event (waits at most 30 s). */
    public String threadOf(JsonNode id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (JsonNode m : serverMessages()) {
                if ("codex/event".equals(m.path("method").asText())
                        && id.equals(m.path("params").path("_meta").get("requestId"))
                        && "session_configured"
                                .equals(m.path("params")
                                        .path("msg")
                                        .path("type")
                                        .asText())) {
                    return m.path("params").path("msg").path("session_id").asText();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no session_configured for " + id + "\n" + transcript());
    }

    /**
     * How many server messages belong to request {@code id}: its response, the codex/events naming it, the progress
     * notifications with its token.
     */
    public long messagesFor(JsonNode id) {
        JsonNode token = clientMessages().stream()
                .filter(m -> id.equals(m.get("id")) && m.has("method"))
                .map(m -> m.path("params").path("_meta").path("progressToken"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the SDK sent no request " + id));
        return serverMessages().stream()
                .filter(m -> (!m.has("method") && id.equals(m.get("id")))
                        || id.equals(m.path("params").path("_meta").get("requestId"))
                        || (!token.isMissingNode()
                                && "notifications/progress"
                                        .equals(m.path("method").asText())
                                && token.equals(m.path("params").get("progressToken"))))
                .count();
    }

    /** How many server messages are the response to request {@code id} or codex/events naming it. */
    public long eventsAndResponsesFor(JsonNode id) {
        return serverMessages().stream()
                .filter(m -> (!m.has("method") && id.equals(m.get("id")))
                        || id.equals(m.path("params").path("_meta").get("requestId")))
                .count();
    }

    /** What the server wrote on stderr so far. */
    public String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Both directions and the end of stderr, for assertion messages. */
    public String transcript() {
        StringBuilder out = new StringBuilder("--- client -> server ---\n");
        toServer.lines().forEach(l -> out.append(cut(l)).append('\n'));
        out.append("--- server -> client ---\n");
        fromServer.lines().forEach(l -> out.append(cut(l)).append('\n'));
        String log = stderr();
        out.append("--- stderr ---\n").append(log.length() > 6_000 ? "…" + log.substring(log.length() - 6_000) : log);
        return out.toString();
    }

    private static String cut(String line) {
        return line.length() > 600 ? line.substring(0, 600) + "…" : line;
    }

    @Override
    public void close() {
        try {
            transport.close();
        } finally {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
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

    /** Bytes seen on one direction of the pipe, split into lines on demand. */
    private static final class Recorder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        synchronized void add(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        }

        List<JsonNode> messages() {
            List<JsonNode> messages = new ArrayList<>();
            for (String line : lines()) {
                try {
                    messages.add(Json.MAPPER.readTree(line));
                } catch (IOException e) {
                    messages.add(Json.MAPPER.createObjectNode().put("__not_json__", line));
                }
            }
            return messages;
        }
    }

    private static final class TeeInput extends FilterInputStream {
        private final Recorder recorder;

        TeeInput(InputStream in, Recorder recorder) {
            super(in);
            this.recorder = recorder;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                recorder.add(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                recorder.add(b, off, n);
            }
            return n;
        }
    }

    private static final class TeeOutput extends FilterOutputStream {
        private final Recorder recorder;

        TeeOutput(OutputStream out, Recorder recorder) {
            super(out);
            this.recorder = recorder;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            recorder.add(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            recorder.add(b, off, len);
        }
    }
}
