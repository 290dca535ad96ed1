package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.modern.McpException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * How a dual-era client tells a server's era (spec {@code basic/transports/stdio.mdx}, Backward Compatibility): send
 * {@code server/discover} with the 2026-07-28 {@code _meta} first; a DiscoverResult, or a -32022 that names 2026-07-28
 * among the supported versions, means the server speaks it; any other error, or silence until a short timeout, means
 * the 2025 era and {@code initialize}. The fallback is deliberately not keyed on one error code (-32601 is the usual
 * one, but servers answer -32600, -32602 or plain text too).
 */
final class EraProbe {
    private static final Logger LOG = Logger.getLogger(EraProbe.class);

    /** The id of the probe's request; nothing else this client sends uses a string id like it. */
    static final String PROBE_ID = "codex-quarkus-discover-probe";

    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    /** A line longer than this is not the answer to a discover probe: the probe gives up reading. */
    private static final int MAX_LINE = 4 << 20;

    /** What a stdio probe found. */
    enum Outcome {
        MODERN,
        LEGACY,
        /**
         * No answer before the timeout, or the process ended its stdout: the stream's state is unknown (a late answer
         * may still come, and the probe's reader may still be reading), so the process is not reused.
         */
        NO_ANSWER
    }

    private EraProbe() {}

    /** Well within the start-up budget: at most 10 s (the Python SDK's probe timeout), at most half the budget. */
    static Duration timeout(Duration startupTimeout) {
        Duration half = startupTimeout.dividedBy(2);
        Duration cap = Duration.ofSeconds(10);
        return half.compareTo(cap) < 0 ? half : cap;
    }

    /**
     * The probe request. The client capabilities are empty: this client cannot answer elicitation, sampling or roots
     * requests, so it must not claim to.
     */
    static ObjectNode discoverRequest(ObjectMapper mapper, String clientVersion) {
        ObjectNode request = mapper.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", PROBE_ID)
                .put("method", "server/discover");
        request.putObject("params")
                .set(
                        "_meta",
                        mapper.valueToTree(Map.of(
                                "io.modelcontextprotocol/protocolVersion",
                                McpEra.MODERN.version,
                                "io.modelcontextprotocol/clientInfo",
                                Map.of("name", "codex-quarkus", "version", clientVersion),
                                "io.modelcontextprotocol/clientCapabilities",
                                Map.of())));
        return request;
    }

    /** The era a JSON-RPC response to the probe stands for. */
    static McpEra decide(JsonNode response) {
        JsonNode result = response.path("result");
        if (result.isObject()) {
            JsonNode versions = result.path("supportedVersions");
            return !versions.isArray() || contains(versions, McpEra.MODERN.version) ? McpEra.MODERN : McpEra.LEGACY;
        }
        JsonNode error = response.path("error");
        if (error.path("code").asInt() == UNSUPPORTED_PROTOCOL_VERSION
                && contains(error.path("data").path("supported"), McpEra.MODERN.version)) {
            return McpEra.MODERN;
        }
        return McpEra.LEGACY;
    }

    /** The era an error of the SDK's modern client to {@code server/discover} stands for (the HTTP probe). */
    static McpEra decide(Throwable error, ObjectMapper mapper) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof McpException mcp && mcp.error() != null) {
                ObjectNode response = mapper.createObjectNode();
                response.set("error", mapper.valueToTree(mcp.error()));
                return decide(response);
            }
        }
        return McpEra.LEGACY;
    }

    private static boolean contains(JsonNode array, String value) {
        if (array.isArray()) {
            for (JsonNode element : array) {
                if (value.equals(element.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Probes in place over a stdio server's pipes: writes the request, then reads {@code stdout} one byte at a time up
     * to the newline of the answer, so that nothing after it is taken from the transport that goes on with the same
     * stream. Lines that are not the answer (notifications, noise) are skipped.
     */
    static Outcome probe(String server, InputStream stdout, OutputStream stdin, ObjectMapper mapper, Duration timeout)
            throws InterruptedException {
        CompletableFuture<McpEra> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("mcp-" + server + "-probe").start(() -> {
            try {
                answer.complete(readAnswer(stdout, mapper));
            } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            stdin.write((mapper.writeValueAsString(discoverRequest(mapper, McpServers.version())) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            McpEra era = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return era == McpEra.MODERN ? Outcome.MODERN : Outcome.LEGACY;
        } catch (IOException | ExecutionException e) {
            LOG.debugf("MCP server %s: no answer to server/discover: %s", server, McpJson.reason(e));
            return Outcome.NO_ANSWER;
        } catch (TimeoutException e) {
            LOG.debugf("MCP server %s: no answer to server/discover within %s", server, timeout);
            return Outcome.NO_ANSWER;
        } finally {
            // a reader still blocked in read() ends when the caller stops the process (NO_ANSWER)
            answer.cancel(false);
        }
    }

    private static McpEra readAnswer(InputStream stdout, ObjectMapper mapper) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = stdout.read();
            if (b < 0) {
                throw new EOFException("the server closed its stdout");
            }
            if (b != '\n') {
                if (line.size() >= MAX_LINE) {
                    throw new IOException("a line of more than " + MAX_LINE + " bytes");
                }
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8).strip();
            line.reset();
            JsonNode message;
            try {
                message = text.isEmpty() ? null : mapper.readTree(text);
            } catch (IOException e) {
                continue; // not JSON: noise on stdout
            }
            if (message != null
                    && PROBE_ID.equals(message.path("id").asText(null))
                    && (message.has("result") || message.has("error"))) {
                return decide(message);
            }
        }
    }
}
