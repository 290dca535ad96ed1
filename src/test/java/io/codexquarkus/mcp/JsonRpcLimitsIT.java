package io.codexquarkus.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.testing.JsonRpcFuzz;
import io.codexquarkus.testing.McpServerProcess;
import io.codexquarkus.testing.McpTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-RPC layer of the real {@code codex-quarkus mcp} process under a small heap: lines up to and far over
 * {@code mcp_server.max_message_bytes} (default 64 MiB) with {@code -Xmx256m}, a fuzz stream, and an Error on the
 * reading thread ending the process instead of leaving it deaf.
 */
class JsonRpcLimitsIT {
    private static final Logger LOG = Logger.getLogger(JsonRpcLimitsIT.class);
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path home;

    private static Map<String, String> heap(String xmx) {
        // no background AOT training for these runs: the cache stamp does not match the extra JVM options
        return Map.of("CODEX_QUARKUS_JAVA_OPTS", "-Xmx" + xmx, "CODEX_QUARKUS_AOT", "use");
    }

    /** Writes one line of exactly {@code total} bytes (without its LF) in chunks, never holding it whole. */
    private static void sendPadded(McpTestClient client, String id, long total) {
        String head = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\",\"params\":{\"pad\":\"";
        String tail = "\"}}\n";
        long pad = total - head.length() - (tail.length() - 1);
        client.sendBytes(head.getBytes(StandardCharsets.UTF_8));
        byte[] chunk = new byte[(int) MIB];
        Arrays.fill(chunk, (byte) 'p');
        for (long left = pad; left > 0; left -= chunk.length) {
            client.sendBytes(left >= chunk.length ? chunk : Arrays.copyOf(chunk, (int) left));
        }
        client.sendBytes(tail.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode answerTo(McpTestClient client, String rawId) throws InterruptedException {
        return client.readUntil(
                m -> !m.has("method") && m.has("id") && m.get("id").toString().equals(rawId), Duration.ofSeconds(60));
    }

    private static long residentKib(Process process) throws IOException {
        // the launcher execs java, so the process is the JVM itself
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    @Test
    void linesUpToAndOverTheLimitLeaveASmallHeapServerAnswering() throws Exception {
        try (McpServerProcess server = McpServerProcess.start(home, home, heap("256m"))) {
            McpTestClient client = server.client();
            client.initialize(false);

            sendPadded(client, "\"twenty\"", 20 * MIB);
            assertThat(answerTo(client, "\"twenty\"").path("result").isObject())
                    .as(server.transcript())
                    .isTrue();

            // at the limit: read whole; answered with its id (a result, or "does not fit" when the heap is too small)
            sendPadded(client, "\"at-limit\"", 64 * MIB);
            JsonNode atLimit = answerTo(client, "\"at-limit\"");
            LOG.infof(
                    "64 MiB line under -Xmx256m: %s",
                    atLimit.toString()
                            .substring(0, Math.min(200, atLimit.toString().length())));
            assertThat(atLimit.has("result")
                            || atLimit.path("error").path("code").asInt() == -32600)
                    .as(atLimit.toString())
                    .isTrue();

            sendPadded(client, "\"over\"", 64 * MIB + 1);
            JsonNode over = answerTo(client, "\"over\"");
            assertThat(over.path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(over.path("error").path("data").path("limit").asLong()).isEqualTo(64 * MIB);

            long start = System.nanoTime();
            sendPadded(client, "\"huge\"", 400 * MIB);
            JsonNode huge = answerTo(client, "\"huge\"");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(huge.path("error").path("data").path("length").asLong()).isEqualTo(400 * MIB);

            int ping = client.request("ping", null);
            assertThat(client.readResponse(ping).path("result").isObject()).isTrue();
            long rss = residentKib(server.process());
            LOG.infof("400 MiB line skipped in %d ms; resident after all lines: %d KiB", millis, rss);
            assertThat(rss).as("resident KiB").isLessThan(768 * 1024);
            McpIt.assertNoNonJsonLines(client);
            assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(server.stderr()).doesNotContain("\tat ");
        }
    }

    @Test
    void aFuzzStreamOverTheRealProcess() throws Exception {
        int limit = 16 * 1024;
        try (McpServerProcess server =
                McpServerProcess.start(home, home, heap("256m"), "-c", "mcp_server.max_message_bytes=" + limit)) {
            McpTestClient client = server.client();
            JsonRpcFuzz.Generated sent = new JsonRpcFuzz(15_2026, limit).generate(600);
            client.sendBytes(sent.bytes());
            int ping = client.request("ping", null);
            client.readResponse(ping);
            List<String> output = client.rawLines();
            JsonRpcFuzz.check(output.subList(0, output.size() - 1), sent, server.transcript());
            assertThat(server.closeInputAndAwaitExit(Duration.ofSeconds(20))).isZero();
            assertThat(server.stderr()).doesNotContain("\tat ");
        }
    }

    @Test
    void anErrorOnTheReadingThreadEndsTheProcess() throws Exception {
        // 48 MiB of heap cannot hold a 40 MiB line while its buffer grows: the reader fails, and the process must end
        try (McpServerProcess server = McpServerProcess.start(home, home, heap("48m"))) {
            McpTestClient client = server.client();
            client.initialize(false);
            try {
                sendPadded(client, "1", 40 * MIB);
            } catch (RuntimeException e) {
                // the process may be gone before the whole line is written
            }
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS))
                    .as(server.transcript())
                    .isTrue();
            assertThat(server.process().exitValue()).isNotZero();
            assertThat(server.stderr()).contains("OutOfMemoryError").doesNotContain("\tat ");
        }
    }
}
