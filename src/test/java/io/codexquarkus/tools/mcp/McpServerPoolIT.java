package io.codexquarkus.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.McpServerConfig;
import io.codexquarkus.config.McpServerConfig.Transport;
import io.codexquarkus.testing.FakeMcpServer;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.LoopbackMcpEndpoint;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.tools.mcp.McpServerPool.McpCallResult;
import io.codexquarkus.tools.mcp.McpServerPool.McpServerFailure;
import io.codexquarkus.tools.mcp.McpServerPool.McpTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pool against real server processes, all started by one {@link McpServers#start}: the packaged {@code
 * codex-quarkus mcp} ({@code inner}, answering from a mock model), {@link FakeMcpServer} over stdio (with a child of
 * its own) and over Streamable HTTP, a command that does not exist, a server that never answers, an HTTP server whose
 * token variable is unset, and a disabled one. The last test closes the pool and looks for the processes it started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpServerPoolIT {
    static final String ANSWER = "Hello from the inner agent";
    static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    static Path home;

    private static MockModelServer model;
    private static LoopbackMcpEndpoint http;
    private static McpServerPool pool;
    private static Duration startedIn;
    private static final List<Long> serverPids = new ArrayList<>();

    private static McpServerConfig server(
            String name,
            Transport transport,
            Duration startup,
            Duration tool,
            Optional<List<String>> enabledTools,
            List<String> disabledTools) {
        return new McpServerConfig(name, transport, startup, tool, true, enabledTools, disabledTools);
    }

    private static Transport fake(String... modes) {
        List<String> args =
                new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), FakeMcpServer.class.getName()));
        args.addAll(List.of(modes));
        return new Transport.Stdio(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), args, Map.of(), Optional.empty());
    }

    /** The packaged {@code codex-quarkus} as a stdio server. */
    private static McpServerConfig inner(String name, Map<String, String> env, List<String> args) {
        return server(
                name,
                new Transport.Stdio(Launcher.launcher().toString(), args, env, Optional.of(home.resolve("work"))),
                LONG,
                LONG,
                Optional.empty(),
                List.of());
    }

    @BeforeAll
    static void start() throws Exception {
        model = MockModelServer.start();
        model.server().always(new MockModel.Markers(ANSWER));
        Path innerHome = home.resolve("inner-home");
        model.writeConfig(innerHome, "untrusted", "read-only", "");
        Files.createDirectories(home.resolve("work"));
        http = FakeMcpServer.http();

        Map<String, String> innerEnv = new HashMap<>();
        Launcher.baseEnvironment(innerEnv);
        innerEnv.put("CODEX_HOME", innerHome.toString());
        innerEnv.put("CODEX_QUARKUS_AOT", "use"); // no background training process
        Map<String, McpServerConfig> servers = new LinkedHashMap<>();
        servers.put("inner", inner("inner", innerEnv, List.of("mcp")));
        // the same server told to speak only the 2025 protocol: the probe's server/discover is an unknown method
        servers.put(
                "inner2025", inner("inner2025", innerEnv, List.of("mcp", "-c", "mcp_server.modern_protocol=false")));
        servers.put(
                "fake",
                server(
                        "fake",
                        fake("spawn"),
                        LONG,
                        Duration.ofMillis(1500),
                        Optional.of(List.of("echo", "sleep", "fails", "ghost")),
                        List.of("sleep")));
        servers.put("crashy", server("crashy", fake(), LONG, LONG, Optional.empty(), List.of("fails")));
        servers.put("slowpoke", server("slowpoke", fake(), LONG, Duration.ofSeconds(1), Optional.empty(), List.of()));
        servers.put(
                "missing",
                server(
                        "missing",
                        new Transport.Stdio("no-such-mcp-server-xyz", List.of(), Map.of(), Optional.empty()),
                        LONG,
                        LONG,
                        Optional.empty(),
                        List.of()));
        servers.put(
                "silent", server("silent", fake("silent"), Duration.ofSeconds(2), LONG, Optional.empty(), List.of()));
        servers.put(
                "web",
                server(
                        "web",
                        new Transport.StreamableHttp(http.url(), Optional.of("FAKE_TOKEN"), Map.of("X-Team", "core")),
                        LONG,
                        LONG,
                        Optional.of(List.of("echo")),
                        List.of()));
        servers.put(
                "tokenless",
                server(
                        "tokenless",
                        new Transport.StreamableHttp(http.url(), Optional.of("NO_SUCH_TOKEN_VAR"), Map.of()),
                        LONG,
                        LONG,
                        Optional.empty(),
                        List.of()));
        servers.put(
                "off",
                new McpServerConfig(
                        "off",
                        new Transport.Stdio("no-such-mcp-server-xyz", List.of(), Map.of(), Optional.empty()),
                        LONG,
                        LONG,
                        false,
                        Optional.empty(),
                        List.of()));

        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("FAKE_TOKEN", "s3cret");
        env.remove("NO_SUCH_TOKEN_VAR");
        long t0 = System.nanoTime();
        pool = McpServers.start(new TreeMap<>(servers), env, home.resolve("work"));
        startedIn = Duration.ofNanos(System.nanoTime() - t0);
        ProcessHandle.current().children().forEach(child -> serverPids.add(child.pid()));
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
        if (http != null) {
            http.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private static Map<String, List<String>> toolsByServer() {
        return pool.tools().stream()
                .collect(Collectors.groupingBy(
                        McpTool::server, TreeMap::new, Collectors.mapping(McpTool::name, Collectors.toList())));
    }

    private static String text(McpCallResult result) {
        assertThat(result).isInstanceOf(McpCallResult.Ok.class);
        return ((McpCallResult.Ok) result)
                .callToolResult()
                .path("content")
                .path(0)
                .path("text")
                .asText();
    }

    @Test
    @Order(1)
    void startedServersOfferTheirToolsFilteredAndInAStableOrder() {
        assertThat(toolsByServer())
                .containsExactly(
                        Map.entry("crashy", List.of("crash", "echo", "sleep")),
                        Map.entry("fake", List.of("echo", "fails")),
                        Map.entry("inner", List.of("codex", "codex-reply")),
                        Map.entry("inner2025", List.of("codex", "codex-reply")),
                        Map.entry("slowpoke", List.of("crash", "echo", "fails", "sleep")),
                        Map.entry("web", List.of("echo")));
        McpTool codex = pool.tools().stream()
                .filter(t -> t.name().equals("codex"))
                .findFirst()
                .orElseThrow();
        assertThat(codex.inputSchema().path("properties").has("prompt")).isTrue();
        McpTool echo = pool.tools().stream()
                .filter(t -> t.server().equals("fake") && t.name().equals("echo"))
                .findFirst()
                .orElseThrow();
        assertThat(echo.description()).isEqualTo("the echo tool");
        assertThat(echo.annotations().path("readOnlyHint").asBoolean()).isTrue();
    }

    @Test
    @Order(1)
    void eachServerWasReachedInTheProtocolEraItSpeaks() {
        SdkMcpServerPool sdk = (SdkMcpServerPool) pool;
        // the packaged server answers the probe's server/discover: 2026-07-28 on the same process
        assertThat(sdk.era("inner")).contains(McpEra.MODERN);
        // told to speak only the 2025 protocol, it refuses server/discover: initialize on the same process
        assertThat(sdk.era("inner2025")).contains(McpEra.LEGACY);
        // FakeMcpServer knows only the 2025 protocol (server/discover gets -32601): initialize, over stdio and HTTP
        assertThat(sdk.era("fake")).contains(McpEra.LEGACY);
        assertThat(sdk.era("crashy")).contains(McpEra.LEGACY);
        assertThat(sdk.era("web")).contains(McpEra.LEGACY);
        assertThat(sdk.era("missing")).isEmpty();
    }

    @Test
    @Order(2)
    void failedServersAreRecordedOnceEachWithTheirReason() {
        Map<String, String> failures =
                pool.failures().stream().collect(Collectors.toMap(McpServerFailure::server, McpServerFailure::message));
        assertThat(failures.keySet()).containsExactlyInAnyOrder("missing", "silent", "tokenless");
        assertThat(failures.get("missing"))
                .contains("`missing`")
                .contains("no-such-mcp-server-xyz")
                .contains("not found");
        assertThat(failures.get("silent"))
                .isEqualTo("MCP client for `silent` timed out after 2s (startup_timeout_sec)");
        assertThat(failures.get("tokenless")).contains("`tokenless`").contains("NO_SUCH_TOKEN_VAR");
        assertThat(failures).allSatisfy((k, v) -> assertThat(v).doesNotContain("\n"));
        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info().commandLine().orElse("").endsWith("silent")))
                .as("the server that timed out was stopped at once")
                .isEmpty();
        // in parallel: the silent server's 2 s did not add to the others' start-up
        assertThat(startedIn).isLessThan(LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inner", "inner2025"})
    @Order(3)
    void theInnerAgentAnswersACodexCallInEitherEra(String inner) throws Exception {
        McpCallResult result = pool.call(
                inner,
                "codex",
                Json.parse("{\"prompt\":\"Say hello\",\"cwd\":"
                        + Json.write(home.resolve("work").toString()) + "}"),
                new Cancellation());
        assertThat(text(result)).as(String.valueOf(result)).isEqualTo(ANSWER);
        assertThat(model.requests()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"inner", "inner2025"})
    @Order(4)
    void theInnerServerCannotAskThisClientAndDeniesWithItsReasonInEitherEra(String inner) throws Exception {
        Path made = home.resolve("work/made-by-" + inner);
        McpCallResult result = pool.call(
                inner,
                "codex",
                Json.parse("{\"prompt\":\"[mock: shell 1 touch " + made + "]\",\"cwd\":"
                        + Json.write(home.resolve("work").toString()) + "}"),
                new Cancellation());
        assertThat(result).as(String.valueOf(result)).isInstanceOf(McpCallResult.Ok.class);
        assertThat(made).doesNotExist();
        List<JsonNode> requests = model.requests();
        assertThat(Json.write(requests.get(requests.size() - 1)))
                .as("the denial reached the inner model as the command's output")
                .contains("cannot be asked (it declared no elicitation capability)");
    }

    @Test
    @Order(5)
    void callsOverStdioAndHttpReturnTheResultAndIsErrorStaysAResult() throws Exception {
        assertThat(text(pool.call("fake", "echo", Json.parse("{\"a\":1}"), new Cancellation())))
                .isEqualTo("echo {\"a\":1}");
        McpCallResult failed = pool.call("fake", "fails", Json.parse("{}"), new Cancellation());
        assertThat(((McpCallResult.Ok) failed).callToolResult().path("isError").asBoolean())
                .isTrue();
        McpCallResult web = pool.call("web", "echo", Json.parse("{\"b\":2}"), new Cancellation());
        assertThat(text(web)).isEqualTo("echo {\"b\":2}");
        assertThat(((McpCallResult.Ok) web)
                        .callToolResult()
                        .path("structuredContent")
                        .path("tool")
                        .asText())
                .isEqualTo("echo");
        assertThat(http.headers()).isNotEmpty().allSatisfy(h -> {
            assertThat(h.get("Authorization")).containsExactly("Bearer s3cret");
            assertThat(h.get("X-team")).containsExactly("core");
        });
    }

    @Test
    @Order(6)
    void filteredOrUnknownToolsAndServersAreErrors() throws Exception {
        assertThat(pool.call("fake", "sleep", Json.parse("{}"), new Cancellation()))
                .isEqualTo(new McpCallResult.Err("unknown MCP tool 'sleep' of server 'fake'"));
        assertThat(pool.call("missing", "echo", Json.parse("{}"), new Cancellation()))
                .isEqualTo(new McpCallResult.Err("unknown MCP server 'missing'"));
    }

    @Test
    @Order(7)
    void aCallLongerThanTheToolTimeoutIsAnErrNamingIt() throws Exception {
        long t0 = System.nanoTime();
        McpCallResult result = pool.call("slowpoke", "sleep", Json.parse("{\"ms\":20000}"), new Cancellation());
        assertThat(result)
                .isEqualTo(new McpCallResult.Err("MCP tool call slowpoke/sleep timed out after 1s (tool_timeout_sec)"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    @Order(8)
    void aCancelledCallEndsAtOnce() throws Exception {
        Cancellation cancellation = new Cancellation();
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(cancellation::cancel);
        McpCallResult result = pool.call("crashy", "sleep", Json.parse("{\"ms\":3000}"), cancellation);
        assertThat(result).isEqualTo(new McpCallResult.Err("MCP tool call crashy/sleep was cancelled"));
    }

    @Test
    @Order(9)
    void aServerThatCrashesMidCallIsAnErr() throws Exception {
        long t0 = System.nanoTime();
        McpCallResult result = pool.call("crashy", "crash", Json.parse("{}"), new Cancellation());
        assertThat(result).isInstanceOf(McpCallResult.Err.class);
        assertThat(((McpCallResult.Err) result).message())
                .startsWith("MCP tool call crashy/crash failed: the server exited");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @Order(10)
    void closingStopsEveryProcessItStartedTheirChildrenIncluded() {
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(tree::add);
        Set<Long> grandchildren = tree.stream()
                .filter(p -> p.parent()
                        .map(parent -> !parent.equals(ProcessHandle.current()))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        assertThat(serverPids)
                .as("one process per stdio server that started or timed out")
                .hasSizeGreaterThanOrEqualTo(4);
        assertThat(tree.stream().filter(p -> p.info().commandLine().orElse("").contains("sleep 600")))
                .as("the fake server's own child is running before close")
                .isNotEmpty();

        pool.close();
        pool.close(); // idempotent

        assertThat(tree)
                .as("no process of the pool's trees is left: " + grandchildren)
                .allSatisfy(p -> assertThat(
                                Files.exists(Path.of("/proc", Long.toString(p.pid()))) && !isZombie(p.pid()))
                        .as("pid " + p.pid() + " " + p.info().commandLine().orElse(""))
                        .isFalse());
        assertThat(ProcessHandle.current().children()).isEmpty();
        assertThat(http.methods()).as("the HTTP session was ended").endsWith("DELETE");
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true; // gone
        }
    }
}
