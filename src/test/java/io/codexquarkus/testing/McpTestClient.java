package io.codexquarkus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A line-level MCP client for tests (the counterpart of upstream's McpProcess): sends JSON-RPC lines, reads the
 * server's lines with a timeout, and keeps every message it saw. Works over any pair of streams: an in-process server
 * or a real subprocess.
 */
public final class McpTestClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final OutputStream toServer;
    private final LinkedBlockingQueue<JsonNode> incoming = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> rawLines = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<JsonNode, JsonNode> skippedResponses = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean eof;

    public McpTestClient(OutputStream toServer, InputStream fromServer) {
        this.toServer = toServer;
        this.reader = Thread.ofPlatform().daemon().name("mcp-test-reader").start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    rawLines.add(line);
                    JsonNode node;
                    try {
                        node = Json.MAPPER.readTree(line);
                    } catch (IOException e) {
                        node = Json.MAPPER.createObjectNode().put("__not_json__", line);
                    }
                    seen.add(node);
                    incoming.add(node);
                }
            } catch (IOException e) {
                // stream closed
            } finally {
                eof = true;
                incoming.add(Json.MAPPER.createObjectNode().put("__eof__", true));
            }
        });
    }

    public synchronized void sendLine(String line) {
        try {
            toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends bytes as they are: no line ending added (framing tests). */
    public synchronized void sendBytes(byte[] bytes) {
        try {
            toServer.write(bytes);
            toServer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line the server wrote, as text, in order. */
    public List<String> rawLines() {
        synchronized (rawLines) {
            return List.copyOf(rawLines);
        }
    }

    public int request(String method, JsonNode params) {
        int id = nextId.getAndIncrement();
        ObjectNode message = Json.MAPPER
                .createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", id)
                .put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        sendLine(Json.write(message));
        return id;
    }

    public void notification(String method, JsonNode params) {
        ObjectNode message =
                Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        sendLine(Json.write(message));
    }

    public void respond(JsonNode id, JsonNode result) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.set("result", result);
        sendLine(Json.write(message));
    }

    public void respondError(JsonNode id, int code, String text) {
        ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        message.set("id", id);
        message.putObject("error").put("code", code).put("message", text);
        sendLine(Json.write(message));
    }

    /** Sends {@code initialize} with elicitation support (or not) and {@code notifications/initialized}. */
    public JsonNode initialize(boolean elicitation) throws InterruptedException {
        ObjectNode params = Json.MAPPER.createObjectNode().put("protocolVersion", "2025-06-18");
        ObjectNode capabilities = params.putObject("capabilities");
        if (elicitation) {
            capabilities.putObject("elicitation");
        }
        params.putObject("clientInfo")
                .put("name", "elicitation test")
                .put("title", "Elicitation Test")
                .put("version", "0.0.0");
        int id = request("initialize", params);
        JsonNode response = readResponse(id);
        notification("notifications/initialized", null);
        return response;
    }

    /** The next message that matches, skipping (but remembering) the others. */
    public JsonNode readUntil(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode next = left <= 0 ? null : incoming.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("timed out after " + timeout + "; saw:\n" + dump());
            }
            if (next.has("__eof__")) {
                incoming.add(next);
                throw new AssertionError("server closed its output; saw:\n" + dump());
            }
            if (match.test(next)) {
                return next;
            }
            if (!next.has("method") && next.has("id")) {
                // responses are unique by id: keep a skipped one for the readResponse that asks for it later
                skippedResponses.put(next.get("id"), next);
            }
        }
    }

    public JsonNode readResponse(int id) throws InterruptedException {
        JsonNode earlier = skippedResponses.remove(IntNode.valueOf(id));
        if (earlier != null) {
            return earlier;
        }
        return readUntil(
                m -> !m.has("method") && m.path("id").isInt() && m.path("id").asInt() == id, TIMEOUT);
    }

    public JsonNode readRequest(String method) throws InterruptedException {
        return readUntil(m -> method.equals(m.path("method").asText()) && m.has("id"), TIMEOUT);
    }

    public JsonNode readNotification(String method) throws InterruptedException {
        return readUntil(m -> method.equals(m.path("method").asText()) && !m.has("id"), TIMEOUT);
    }

    /** The next {@code codex/event} whose {@code msg.type} is {@code type}. */
    public JsonNode readEvent(String type) throws InterruptedException {
        return readUntil(
                m -> "codex/event".equals(m.path("method").asText())
                        && type.equals(m.path("params").path("msg").path("type").asText()),
                TIMEOUT);
    }

    /** Waits until the server closes its output (process exit). */
    public boolean awaitEof(Duration timeout) throws InterruptedException {
        reader.join(timeout);
        return eof;
    }

    public List<JsonNode> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public String dump() {
        StringBuilder out = new StringBuilder();
        for (JsonNode node : seen()) {
            String line = node.toString();
            out.append(line.length() > 600 ? line.substring(0, 600) + "…" : line)
                    .append('\n');
        }
        return out.toString();
    }

    public void closeInput() {
        try {
            toServer.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closeInput();
    }
}
