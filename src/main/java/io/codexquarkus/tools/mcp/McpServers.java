package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexquarkus.common.Durations;
import io.codexquarkus.config.McpServerConfig;
import io.codexquarkus.config.McpServerConfig.Transport;
import io.codexquarkus.tools.mcp.McpServerPool.McpServerFailure;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Starts the MCP servers of a session: each enabled server in parallel on its own virtual thread, each bounded by its
 * {@code startup_timeout_sec} (process start or HTTP connect, {@code initialize}, every page of {@code tools/list}). A
 * server that fails is left out, recorded and logged once (stderr, never stdout); the others go on.
 */
public final class McpServers {
    private static final Logger LOG = Logger.getLogger(McpServers.class);

    /** What a stdio server inherits from the session's environment (upstream's list), before its own {@code env}. */
    static final List<String> INHERITED_ENV = List.of(
            "HOME",
            "LOGNAME",
            "PATH",
            "SHELL",
            "USER",
            "__CF_USER_TEXT_ENCODING",
            "LANG",
            "LC_ALL",
            "TERM",
            "TMPDIR",
            "TZ");

    private McpServers() {}

    /**
     * Starts every enabled server of {@code servers} and returns once each has started or failed (at most the longest
     * startup timeout). Never throws for a server's failure: see {@link McpServerPool#failures()}.
     *
     * @param env the session's environment: what stdio servers inherit ({@link #INHERITED_ENV}) and where {@code
     *     bearer_token_env_var} is looked up
     * @param cwd the working directory of a stdio server without {@code cwd}
     */
    public static McpServerPool start(Map<String, McpServerConfig> servers, Map<String, String> env, Path cwd)
            throws InterruptedException {
        ObjectMapper mapper = McpJson.mapper();
        long t0 = System.nanoTime();
        Map<String, Starter> starters = new LinkedHashMap<>();
        for (McpServerConfig config : servers.values()) {
            if (config.enabled()) {
                Starter starter = new Starter(config);
                starters.put(config.name(), starter);
                Thread.ofVirtual().name("mcp-start-" + config.name()).start(() -> starter.run(env, cwd, mapper));
            }
        }
        List<McpConnection> started = new ArrayList<>();
        List<McpServerFailure> failures = new ArrayList<>();
        Map<McpConnection, List<McpSchema.Tool>> tools = new LinkedHashMap<>();
        try {
            for (Starter starter : starters.values()) {
                String name = starter.config.name();
                Duration timeout = starter.config.startupTimeout();
                long left = timeout.toNanos() - (System.nanoTime() - t0);
                try {
                    McpConnection connection = starter.result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                    started.add(connection);
                    tools.put(connection, starter.tools);
                } catch (TimeoutException e) {
                    starter.abandon();
                    failures.add(new McpServerFailure(
                            name,
                            "MCP client for `" + name + "` timed out after " + Durations.debug(timeout)
                                    + " (startup_timeout_sec)"));
                } catch (ExecutionException e) {
                    failures.add(new McpServerFailure(
                            name, "MCP client for `" + name + "` failed to start: " + McpJson.reason(e.getCause())));
                }
            }
        } catch (InterruptedException e) {
            starters.values().forEach(Starter::abandon);
            started.forEach(McpConnection::close);
            throw e;
        }
        failures.forEach(f -> LOG.warn(f.message()));
        return new SdkMcpServerPool(started, tools, failures);
    }

    /** Starts one server; {@link #abandon} (after its startup timeout) stops what it started, now or when it has. */
    private static final class Starter implements ProcessLauncher {
        final McpServerConfig config;
        final CompletableFuture<McpConnection> result = new CompletableFuture<>();
        volatile List<McpSchema.Tool> tools = List.of();
        private final List<Process> processes = new ArrayList<>();
        private McpConnection connection;
        private boolean abandoned;

        Starter(McpServerConfig config) {
            this.config = config;
        }

        void run(Map<String, String> env, Path cwd, ObjectMapper mapper) {
            try {
                McpConnection created = connect(config, env, cwd, mapper, this);
                if (!attach(created)) {
                    created.close();
                    return;
                }
                tools = created.start();
                result.complete(created);
            } catch (RuntimeException | IOException e) {
                abandon();
                result.completeExceptionally(e);
            } catch (InterruptedException e) {
                abandon();
                result.completeExceptionally(e);
                Thread.currentThread().interrupt();
            }
        }

        /** Starts the process under the lock {@link #abandon} takes: an abandoned start never leaves one behind. */
        @Override
        public synchronized Process launch(Transport.Stdio stdio, Map<String, String> env, Path cwd)
                throws IOException {
            if (abandoned) {
                throw new IOException("start-up abandoned (startup_timeout_sec)");
            }
            Process process = StdioLaunch.start(stdio, env, cwd);
            processes.add(process);
            return process;
        }

        private synchronized boolean attach(McpConnection created) {
            connection = created;
            return !abandoned;
        }

        void abandon() {
            McpConnection toClose;
            List<Process> toStop;
            synchronized (this) {
                abandoned = true;
                toClose = connection;
                toStop = List.copyOf(processes);
            }
            if (toClose != null) {
                toClose.close();
            }
            // a process of a start-up still probing or starting has no connection yet
            toStop.forEach(p -> ProcessTrees.stop(p, McpConnection.STOP_GRACE));
        }
    }

    /** Starts a stdio server's process; the starter keeps hold of every process it started, to stop it if abandoned. */
    interface ProcessLauncher {
        Process launch(Transport.Stdio stdio, Map<String, String> env, Path cwd) throws IOException;
    }

    static McpConnection connect(McpServerConfig config, Map<String, String> env, Path cwd, ObjectMapper mapper)
            throws IOException, InterruptedException {
        return connect(config, env, cwd, mapper, StdioLaunch::start);
    }

    /**
     * Starts or reaches the server and finds its era ({@link EraProbe}): over stdio in place on the one process, as
     * the Python SDK does, unless the probe got no answer (then the stream's state is unknown and a fresh process
     * gets {@code initialize}); over HTTP with the SDK's modern transport, falling back to its Streamable HTTP one.
     */
    static McpConnection connect(
            McpServerConfig config, Map<String, String> env, Path cwd, ObjectMapper mapper, ProcessLauncher launcher)
            throws IOException, InterruptedException {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(mapper);
        // the pool bounds start-up and calls itself; the SDK's own timeouts only back that up
        Duration sdkTimeout = config.startupTimeout().plus(config.toolTimeout()).plusSeconds(5);
        Duration probeTimeout = EraProbe.timeout(config.startupTimeout());
        String name = config.name();
        McpConnection connection = switch (config.transport()) {
            case Transport.Stdio stdio -> {
                Process process = launch(launcher, name, stdio, env, cwd);
                EraProbe.Outcome outcome =
                        EraProbe.probe(name, process.getInputStream(), process.getOutputStream(), mapper, probeTimeout);
                if (outcome == EraProbe.Outcome.NO_ANSWER) {
                    ProcessTrees.stop(process, McpConnection.STOP_GRACE);
                    process = launch(launcher, name, stdio, env, cwd);
                }
                McpSession session = outcome == EraProbe.Outcome.MODERN
                        ? ModernSessions.stdio(process, json, mapper, sdkTimeout)
                        : legacy(new ProcessStdioTransport(name, process, json), mapper, sdkTimeout);
                yield new McpConnection(config, session, Optional.of(process), Optional.empty(), mapper);
            }
            case Transport.StreamableHttp http -> {
                Map<String, String> headers = headers(http, env);
                OwnedHttpClient modernHttp = new OwnedHttpClient();
                var modern = ModernSessions.http(config, http, headers, modernHttp, json, mapper, sdkTimeout);
                McpEra era = ModernSessions.probe(modern, probeTimeout, mapper);
                if (era == McpEra.MODERN) {
                    yield new McpConnection(config, modern, Optional.empty(), Optional.of(modernHttp), mapper);
                }
                modernHttp.close();
                OwnedHttpClient owned = new OwnedHttpClient();
                McpSession session = legacy(httpTransport(config, http, headers, json, owned), mapper, sdkTimeout);
                yield new McpConnection(config, session, Optional.empty(), Optional.of(owned), mapper);
            }
        };
        LOG.debugf(
                "MCP server %s reached in the %s era (protocol %s)", name, connection.era(), connection.era().version);
        return connection;
    }

    private static Process launch(
            ProcessLauncher launcher, String name, Transport.Stdio stdio, Map<String, String> env, Path cwd)
            throws IOException {
        Process process = launcher.launch(stdio, env, cwd);
        ProcessStdioTransport.drainStderr(name, process);
        return process;
    }

    private static LegacySession legacy(McpClientTransport transport, ObjectMapper mapper, Duration sdkTimeout) {
        McpAsyncClient client = McpClient.async(transport)
                .clientInfo(McpSchema.Implementation.builder("codex-quarkus", version())
                        .build())
                // no roots, sampling or elicitation: a server that would ask gets told the client cannot answer
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .initializationTimeout(sdkTimeout)
                .requestTimeout(sdkTimeout)
                .build();
        return new LegacySession(client, mapper);
    }

    /** The configured headers and the bearer token: sent in both eras. */
    static Map<String, String> headers(Transport.StreamableHttp http, Map<String, String> env) {
        Map<String, String> headers = new LinkedHashMap<>(http.httpHeaders());
        http.bearerTokenEnvVar().ifPresent(variable -> {
            String token = env.get(variable);
            if (token == null || token.isEmpty()) {
                throw new IllegalStateException(
                        "environment variable `" + variable + "` (bearer_token_env_var) is not set");
            }
            headers.put("Authorization", "Bearer " + token);
        });
        return headers;
    }

    private static McpClientTransport httpTransport(
            McpServerConfig config,
            Transport.StreamableHttp http,
            Map<String, String> headers,
            JacksonMcpJsonMapper json,
            OwnedHttpClient httpClient) {
        URI uri = uri(http);
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .clientBuilder(httpClient)
                .jsonMapper(json)
                .connectTimeout(config.startupTimeout())
                .addHttpRequestCustomizer(
                        (builder, method, target, body, context) -> headers.forEach(builder::setHeader))
                .build();
    }

    static URI uri(Transport.StreamableHttp http) {
        URI uri;
        try {
            uri = URI.create(http.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid url `" + http.url() + "`: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalStateException("invalid url `" + http.url() + "`: expected http(s)://host[:port]/path");
        }
        return uri;
    }

    static String version() {
        String v = McpServers.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
