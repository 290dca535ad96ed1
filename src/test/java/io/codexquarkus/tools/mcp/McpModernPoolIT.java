package io.codexquarkus.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.McpServerConfig;
import io.codexquarkus.config.McpServerConfig.Transport;
import io.codexquarkus.testing.FakeModernMcpServer;
import io.codexquarkus.testing.LoopbackMcpEndpoint;
import io.codexquarkus.tools.mcp.McpServerPool.McpCallResult;
import io.codexquarkus.tools.mcp.McpServerPool.McpTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool against a 2026-07-28-only server process ({@link FakeModernMcpServer}): reached in the modern era, and then
 * the same behaviour as in the 2025 era for the rest of the agent: every page of tools, the 2025 result shape, the
 * tool timeout, cancellation, a server that exits mid-call, and no process left after close. A server that wants
 * elicitation ({@code input_required}) or hands back a task ends the call with an error at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpModernPoolIT {
    static final Duration TOOL_TIMEOUT = Duration.ofMillis(1500);

    @TempDir
    static Path home;

    private static McpServerPool pool;
    private static LoopbackMcpEndpoint http;
    private static final List<ProcessHandle> started = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(home.resolve("work"));
        Transport modern = new Transport.Stdio(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                List.of("-cp", System.getProperty("java.class.path"), FakeModernMcpServer.class.getName()),
                Map.of(),
                Optional.empty());
        Map<String, McpServerConfig> servers = new TreeMap<>();
        servers.put(
                "modern",
                new McpServerConfig(
                        "modern", modern, Duration.ofSeconds(60), TOOL_TIMEOUT, true, Optional.empty(), List.of()));
        servers.put(
                "crashy",
                new McpServerConfig(
                        "crashy", modern, Duration.ofSeconds(60), TOOL_TIMEOUT, true, Optional.empty(), List.of()));
        http = FakeModernMcpServer.http();
        servers.put(
                "web",
                new McpServerConfig(
                        "web",
                        new Transport.StreamableHttp(http.url(), Optional.of("MODERN_TOKEN"), Map.of("X-Team", "core")),
                        Duration.ofSeconds(60),
                        TOOL_TIMEOUT,
                        true,
                        Optional.empty(),
                        List.of()));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MODERN_TOKEN", "s3cret");
        pool = McpServers.start(servers, env, home.resolve("work"));
        ProcessHandle.current().children().forEach(started::add);
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
        if (http != null) {
            http.close();
        }
    }

    @Test
    @Order(1)
    void theServerIsReachedInTheModernEraAndEveryPageOfToolsIsOffered() {
        assertThat(pool.failures()).isEmpty();
        assertThat(((SdkMcpServerPool) pool).era("modern")).contains(McpEra.MODERN);
        assertThat(pool.tools().stream()
                        .filter(t -> t.server().equals("modern"))
                        .map(McpTool::name))
                .containsExactly("ask", "crash", "echo", "sleep", "task");
        McpTool echo = pool.tools().stream()
                .filter(t -> t.name().equals("echo"))
                .findFirst()
                .orElseThrow();
        assertThat(echo.description()).isEqualTo("the echo tool");
        assertThat(echo.inputSchema().path("properties").has("a")).isTrue();
        assertThat(echo.annotations().path("readOnlyHint").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void aCallAnswersInThe2025Shape() throws Exception {
        McpCallResult result = pool.call("modern", "echo", Json.parse("{\"a\":1}"), new Cancellation());
        assertThat(result).as(String.valueOf(result)).isInstanceOf(McpCallResult.Ok.class);
        JsonNode answer = ((McpCallResult.Ok) result).callToolResult();
        assertThat(answer.path("content").path(0).path("text").asText()).isEqualTo("echo {\"a\":1}");
        assertThat(answer.path("structuredContent").path("tool").asText()).isEqualTo("echo");
        assertThat(answer.path("isError").asBoolean(true)).isFalse();
        assertThat(answer.has("resultType")).as(answer.toString()).isFalse();
    }

    @Test
    @Order(3)
    void overStreamableHttpTheProbeAndTheCallsCarryTheConfiguredHeaders() throws Exception {
        assertThat(((SdkMcpServerPool) pool).era("web")).contains(McpEra.MODERN);
        McpCallResult result = pool.call("web", "echo", Json.parse("{\"b\":2}"), new Cancellation());
        assertThat(result).as(String.valueOf(result)).isInstanceOf(McpCallResult.Ok.class);
        assertThat(((McpCallResult.Ok) result)
                        .callToolResult()
                        .path("content")
                        .path(0)
                        .path("text")
                        .asText())
                .isEqualTo("echo {\"b\":2}");
        assertThat(http.headers()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(h -> {
            assertThat(h.get("Authorization")).containsExactly("Bearer s3cret");
            assertThat(h.get("X-team")).containsExactly("core");
        });
    }

    @Test
    @Order(4)
    void aServerThatWantsElicitationEndsTheCallWithAnError() throws Exception {
        long t0 = System.nanoTime();
        McpCallResult result = pool.call("modern", "ask", Json.parse("{}"), new Cancellation());
        assertThat(result).isInstanceOf(McpCallResult.Err.class);
        assertThat(((McpCallResult.Err) result).message())
                .startsWith("MCP tool call modern/ask failed")
                .contains("elicitation");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TOOL_TIMEOUT);
    }

    @Test
    @Order(5)
    void aTaskResultIsAnError() throws Exception {
        McpCallResult result = pool.call("modern", "task", Json.parse("{}"), new Cancellation());
        assertThat(result).as(String.valueOf(result)).isInstanceOf(McpCallResult.Err.class);
        assertThat(((McpCallResult.Err) result).message())
                .startsWith("MCP tool call modern/task failed")
                .contains("task");
    }

    @Test
    @Order(6)
    void aCallLongerThanTheToolTimeoutIsAnErrNamingIt() throws Exception {
        McpCallResult result = pool.call("modern", "sleep", Json.parse("{}"), new Cancellation());
        assertThat(result)
                .isEqualTo(new McpCallResult.Err("MCP tool call modern/sleep timed out after 1.5s (tool_timeout_sec)"));
        // the session goes on after a timed-out call
        assertThat(pool.call("modern", "echo", Json.parse("{}"), new Cancellation()))
                .isInstanceOf(McpCallResult.Ok.class);
    }

    @Test
    @Order(7)
    void aCancelledCallEndsAtOnce() throws Exception {
        Cancellation cancellation = new Cancellation();
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(cancellation::cancel);
        long t0 = System.nanoTime();
        McpCallResult result = pool.call("modern", "sleep", Json.parse("{}"), cancellation);
        assertThat(result).isEqualTo(new McpCallResult.Err("MCP tool call modern/sleep was cancelled"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TOOL_TIMEOUT);
    }

    @Test
    @Order(8)
    void aServerThatExitsMidCallIsAnErr() throws Exception {
        McpCallResult result = pool.call("crashy", "crash", Json.parse("{}"), new Cancellation());
        assertThat(result).isInstanceOf(McpCallResult.Err.class);
        assertThat(((McpCallResult.Err) result).message()).startsWith("MCP tool call crashy/crash failed");
    }

    @Test
    @Order(9)
    void closingLeavesNoProcess() {
        assertThat(started).as("one process per server: the probe ran in place").hasSize(2);
        pool.close();
        assertThat(started)
                .allSatisfy(p -> assertThat(p.isAlive()).as("pid " + p.pid()).isFalse());
        assertThat(ProcessHandle.current().children()).isEmpty();
    }
}
