package io.codexquarkus.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The era probe against tiny real server processes ({@code sh}): each reads the probe's request line, keeps it in a
 * file, and answers (or not) as a server of one era would.
 */
class EraProbeTest {
    private static final ObjectMapper MAPPER = McpJson.mapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** Runs the probe against a server that answers {@code lines} (after reading one line), then {@code after}. */
    private EraProbe.Outcome probe(List<String> lines, String after, Duration timeout) throws Exception {
        Path script = dir.resolve("server.sh");
        StringBuilder body =
                new StringBuilder("IFS= read -r line; printf '%s\\n' \"$line\" > '" + dir.resolve("request") + "'\n");
        for (String line : lines) {
            body.append("printf '%s\\n' '").append(line).append("'\n");
        }
        body.append("printf '%s\\n' '").append(after).append("'\nsleep 30\n");
        Files.writeString(script, body.toString());
        Process process = new ProcessBuilder("sh", script.toString()).start();
        try {
            EraProbe.Outcome outcome =
                    EraProbe.probe("test", process.getInputStream(), process.getOutputStream(), MAPPER, timeout);
            if (outcome != EraProbe.Outcome.NO_ANSWER) {
                // the probe took nothing past its answer: the next line is there for the era's transport
                BufferedReader rest =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                assertThat(rest.readLine()).isEqualTo(after);
            }
            return outcome;
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String answer(String body) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + EraProbe.PROBE_ID + "\"," + body + "}";
    }

    @Test
    void aDiscoverResultIsTheModernEraAndTheRequestClaimsNoCapabilities() throws Exception {
        assertThat(probe(
                        List.of(answer("\"result\":{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{}}")),
                        "{\"next\":1}",
                        TIMEOUT))
                .isEqualTo(EraProbe.Outcome.MODERN);
        JsonNode request = MAPPER.readTree(Files.readString(dir.resolve("request")));
        assertThat(request.path("method").asText()).isEqualTo("server/discover");
        JsonNode meta = request.path("params").path("_meta");
        assertThat(meta.path("io.modelcontextprotocol/protocolVersion").asText())
                .isEqualTo("2026-07-28");
        assertThat(meta.path("io.modelcontextprotocol/clientInfo").path("name").asText())
                .isEqualTo("codex-quarkus");
        assertThat(meta.path("io.modelcontextprotocol/clientCapabilities").isObject())
                .isTrue();
        assertThat(meta.path("io.modelcontextprotocol/clientCapabilities").isEmpty())
                .as("no elicitation, sampling or roots: this client cannot answer them")
                .isTrue();
    }

    @Test
    void noiseAndOtherMessagesBeforeTheAnswerAreSkipped() throws Exception {
        assertThat(probe(
                        List.of(
                                "not json at all",
                                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}",
                                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}",
                                answer("\"result\":{\"supportedVersions\":[\"2026-07-28\"]}")),
                        "after",
                        TIMEOUT))
                .isEqualTo(EraProbe.Outcome.MODERN);
    }

    @Test
    void methodNotFoundIsTheLegacyEra() throws Exception {
        assertThat(probe(List.of(answer("\"error\":{\"code\":-32601,\"message\":\"no such method\"}")), "x", TIMEOUT))
                .isEqualTo(EraProbe.Outcome.LEGACY);
    }

    @Test
    void anyOtherErrorIsTheLegacyEraToo() throws Exception {
        assertThat(probe(List.of(answer("\"error\":{\"code\":-32600,\"message\":\"not initialized\"}")), "x", TIMEOUT))
                .isEqualTo(EraProbe.Outcome.LEGACY);
    }

    @Test
    void unsupportedVersionNamingOnlyOtherVersionsIsLegacyButNamingOursIsModern() throws Exception {
        assertThat(probe(
                        List.of(answer("\"error\":{\"code\":-32022,\"message\":\"unsupported\",\"data\":"
                                + "{\"supported\":[\"2027-01-01\"],\"requested\":\"2026-07-28\"}}")),
                        "x",
                        TIMEOUT))
                .isEqualTo(EraProbe.Outcome.LEGACY);
        assertThat(probe(
                        List.of(answer("\"error\":{\"code\":-32022,\"message\":\"unsupported\",\"data\":"
                                + "{\"supported\":[\"2027-01-01\",\"2026-07-28\"]}}")),
                        "x",
                        TIMEOUT))
                .isEqualTo(EraProbe.Outcome.MODERN);
    }

    @Test
    void aDiscoverResultWithoutOurVersionIsLegacy() throws Exception {
        assertThat(probe(List.of(answer("\"result\":{\"supportedVersions\":[\"2027-01-01\"]}")), "x", TIMEOUT))
                .isEqualTo(EraProbe.Outcome.LEGACY);
    }

    @Test
    void silenceIsNoAnswerAfterTheProbeTimeout() throws Exception {
        // the server reads the request and then writes nothing for 30 s
        Path script = dir.resolve("silent.sh");
        Files.writeString(script, "IFS= read -r line\nsleep 30\n");
        Process process = new ProcessBuilder("sh", script.toString()).start();
        try {
            long t0 = System.nanoTime();
            EraProbe.Outcome outcome = EraProbe.probe(
                    "silent", process.getInputStream(), process.getOutputStream(), MAPPER, Duration.ofMillis(500));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(outcome).isEqualTo(EraProbe.Outcome.NO_ANSWER);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(5));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerThatExitsIsNoAnswerAtOnce() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "exit 3").start();
        try {
            EraProbe.Outcome outcome =
                    EraProbe.probe("gone", process.getInputStream(), process.getOutputStream(), MAPPER, TIMEOUT);
            assertThat(outcome).isEqualTo(EraProbe.Outcome.NO_ANSWER);
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theProbeTimeoutIsWellWithinTheStartupTimeout() {
        assertThat(EraProbe.timeout(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(5));
        assertThat(EraProbe.timeout(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(EraProbe.timeout(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void unexpectedErrorShapesAreLegacy() throws IOException {
        assertThat(EraProbe.decide(MAPPER.readTree("{\"error\":\"plain text\"}")))
                .isEqualTo(McpEra.LEGACY);
        assertThat(EraProbe.decide(new IllegalStateException("Timeout on blocking read"), MAPPER))
                .isEqualTo(McpEra.LEGACY);
        assertThat(EraProbe.decide(
                        new io.modelcontextprotocol.modern.McpException(
                                -32022, "unsupported", java.util.Map.of("supported", List.of("2026-07-28"))),
                        MAPPER))
                .isEqualTo(McpEra.MODERN);
    }
}
