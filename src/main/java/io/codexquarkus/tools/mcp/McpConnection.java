package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.common.Durations;
import io.codexquarkus.config.McpServerConfig;
import io.codexquarkus.tools.mcp.McpServerPool.McpCallResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One started server: the session (in the era {@link EraProbe} found), the process when it is a stdio server, and the
 * tools it listed. A call waits for the first of: the answer, the tool timeout, the session's cancellation, the server
 * process exiting.
 */
final class McpConnection {
    /** How long a stdio server gets to exit after its stdin closed and it got TERM, before KILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final McpServerConfig config;
    private final McpSession session;
    private final Optional<Process> process;
    private final Optional<OwnedHttpClient> httpClient;
    private final ObjectMapper mapper;
    private final CompletableFuture<Void> exited = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    McpConnection(
            McpServerConfig config,
            McpSession session,
            Optional<Process> process,
            Optional<OwnedHttpClient> httpClient,
            ObjectMapper mapper) {
        this.config = config;
        this.session = session;
        this.process = process;
        this.httpClient = httpClient;
        this.mapper = mapper;
        process.ifPresent(p -> {
            CompletableFuture<?> unused = p.onExit().thenRun(() -> exited.complete(null));
        });
    }

    String name() {
        return config.name();
    }

    McpServerConfig config() {
        return config;
    }

    /** The protocol era the server was reached in. */
    McpEra era() {
        return session.era();
    }

    /** {@code initialize} (2025 era), then every page of {@code tools/list}. Blocking; the caller bounds it. */
    List<McpSchema.Tool> start() {
        session.open();
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            McpSchema.ListToolsResult page = session.listTools(cursor);
            if (page == null) {
                break;
            }
            tools.addAll(page.tools());
            cursor = page.nextCursor();
            if (++pages > 1_000) {
                throw new IllegalStateException("tools/list did not end after 1000 pages");
            }
        } while (cursor != null && !cursor.isEmpty());
        return tools;
    }

    JsonNode toJson(Object value) {
        return mapper.valueToTree(value);
    }

    McpCallResult call(String tool, JsonNode arguments, Cancellation cancellation) throws InterruptedException {
        if (closed.get()) {
            return new McpCallResult.Err("MCP server '" + name() + "' was stopped");
        }
        Map<String, Object> args =
                arguments == null || arguments.isNull() ? Map.of() : mapper.convertValue(arguments, McpJson.MAP);
        CompletableFuture<JsonNode> answer = session.callTool(tool, args);
        Runnable unregister = cancellation.onCancel(() -> answer.cancel(true));
        String what = "MCP tool call " + name() + "/" + tool;
        try {
            CompletableFuture.anyOf(answer, exited).get(config.toolTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!answer.isDone()) {
                return new McpCallResult.Err(what + " failed: the server exited"
                        + process.map(p -> " (exit status " + p.exitValue() + ")")
                                .orElse(""));
            }
            return new McpCallResult.Ok(answer.get());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new McpCallResult.Err(
                    what + " timed out after " + Durations.debug(config.toolTimeout()) + " (tool_timeout_sec)");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (CancellationException e) {
            return new McpCallResult.Err(what + " was cancelled");
        } catch (ExecutionException e) {
            if (cancellation.isCancelled()) {
                return new McpCallResult.Err(what + " was cancelled");
            }
            return new McpCallResult.Err(what + " failed: " + McpJson.reason(e.getCause()));
        } finally {
            unregister.run();
        }
    }

    /** Ends the session (an HTTP session is ended), then the process tree or the HTTP client. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            // graceful first: stdin closed for a stdio server, the session DELETEd for an HTTP one
            session.closeGracefully(STOP_GRACE);
        } catch (RuntimeException e) {
            // the transport is already gone, or the grace ran out; what is left is stopped below anyway
        }
        try {
            session.close();
        } catch (RuntimeException e) {
            // as above
        }
        process.ifPresent(p -> ProcessTrees.stop(p, STOP_GRACE));
        httpClient.ifPresent(OwnedHttpClient::close);
    }
}
