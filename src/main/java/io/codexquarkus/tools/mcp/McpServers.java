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
    private static final class Starter {
        final McpServerConfig config;
        final CompletableFuture<McpConnection> result = new CompletableFuture<>();
        volatile List<McpSchema.Tool> tools = List.of();
        private McpConnection connection;
        private boolean abandoned;

        Starter(McpServerConfig config) {
            this.config = config;
        }

        void run(Map<String, String> env, Path cwd, ObjectMapper mapper) {
            try {
                McpConnection created = connect(config, env, cwd, mapper);
                if (!attach(created)) {
                    created.close();
                    return;
                }
                tools = created.start();
                result.complete(created);
            } catch (RuntimeException | IOException e) {
                abandon();
                result.completeExceptionally(e);
            }
        }

        private synchronized boolean attach(McpConnection created) {
            connection = created;
            return !abandoned;
        }

        void abandon() {
            McpConnection toClose;
            synchronized (this) {
                abandoned = true;
                toClose = connection;
            }
            if (toClose != null) {
                toClose.close();
            }
        }
    }

    static McpConnection connect(McpServerConfig config, Map<String, String> env, Path cwd, ObjectMapper mapper)
            throws IOException {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(mapper);
        Optional<Process> process = Optional.empty();
        Optional<OwnedHttpClient> httpClient = Optional.empty();
        McpClientTransport transport;
        switch (config.transport()) {
            case Transport.Stdio stdio -> {
                Process started = StdioLaunch.start(stdio, env, cwd);
                process = Optional.of(started);
                transport = new ProcessStdioTransport(config.name(), started, json);
            }
            case Transport.StreamableHttp http -> {
                OwnedHttpClient owned = new OwnedHttpClient();
                httpClient = Optional.of(owned);
                transport = httpTransport(config, http, env, json, owned);
            }
        }
        // the pool bounds start-up and calls itself; the SDK's own timeouts only back that up
        Duration sdkTimeout = config.startupTimeout().plus(config.toolTimeout()).plusSeconds(5);
        McpAsyncClient client = McpClient.async(transport)
                .clientInfo(McpSchema.Implementation.builder("codex-quarkus", version())
                        .build())
                // no roots, sampling or elicitation: a server that would ask gets told the client cannot answer
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .initializationTimeout(sdkTimeout)
                .requestTimeout(sdkTimeout)
                .build();
        return new McpConnection(config, client, process, httpClient, mapper);
    }

    private static McpClientTransport httpTransport(
            McpServerConfig config,
            Transport.StreamableHttp http,
            Map<String, String> env,
            JacksonMcpJsonMapper json,
            OwnedHttpClient httpClient) {
        Map<String, String> headers = new LinkedHashMap<>(http.httpHeaders());
        http.bearerTokenEnvVar().ifPresent(variable -> {
            String token = env.get(variable);
            if (token == null || token.isEmpty()) {
                throw new IllegalStateException(
                        "environment variable `" + variable + "` (bearer_token_env_var) is not set");
            }
            headers.put("Authorization", "Bearer " + token);
        });
        URI uri;
        try {
            uri = URI.create(http.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid url `" + http.url() + "`: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalStateException("invalid url `" + http.url() + "`: expected http(s)://host[:port]/path");
        }
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

    private static String version() {
        String v = McpServers.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
