package io.codexquarkus.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.codexquarkus.common.Cancellation;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** The pool over the SDK's clients: one {@link McpConnection} per started server. */
final class SdkMcpServerPool implements McpServerPool {
    private final Map<String, McpConnection> connections = new TreeMap<>();
    private final List<McpTool> tools;
    private final List<McpServerFailure> failures;
    private final AtomicBoolean closed = new AtomicBoolean();

    SdkMcpServerPool(
            List<McpConnection> started,
            Map<McpConnection, List<McpSchema.Tool>> listed,
            List<McpServerFailure> failures) {
        List<McpTool> offered = new ArrayList<>();
        for (McpConnection connection : started) {
            connections.put(connection.name(), connection);
            for (McpSchema.Tool tool : listed.getOrDefault(connection, List.of())) {
                if (offered(connection, tool.name())) {
                    offered.add(toTool(connection, tool));
                }
            }
        }
        offered.sort(Comparator.comparing(McpTool::server).thenComparing(McpTool::name));
        this.tools = List.copyOf(dedupe(offered));
        this.failures = List.copyOf(failures);
    }

    /** {@code enabled_tools} (when present) first, then {@code disabled_tools}, as upstream applies them. */
    private static boolean offered(McpConnection connection, String tool) {
        var config = connection.config();
        if (config.enabledTools().isPresent() && !config.enabledTools().get().contains(tool)) {
            return false;
        }
        return !config.disabledTools().contains(tool);
    }

    private static List<McpTool> dedupe(List<McpTool> sorted) {
        Set<String> seen = new HashSet<>();
        return sorted.stream()
                .filter(t -> seen.add(t.server() + "\u0000" + t.name()))
                .toList();
    }

    private static McpTool toTool(McpConnection connection, McpSchema.Tool tool) {
        JsonNode schema = tool.inputSchema() == null
                ? JsonNodeFactory.instance.objectNode().put("type", "object")
                : connection.toJson(tool.inputSchema());
        JsonNode annotations = tool.annotations() == null
                ? JsonNodeFactory.instance.nullNode()
                : connection.toJson(tool.annotations());
        return new McpTool(
                connection.name(),
                tool.name(),
                tool.title() == null ? "" : tool.title(),
                tool.description() == null ? "" : tool.description(),
                schema,
                annotations);
    }

    @Override
    public List<McpTool> tools() {
        return tools;
    }

    @Override
    public List<McpServerFailure> failures() {
        return failures;
    }

    @Override
    public McpCallResult call(String server, String tool, JsonNode arguments, Cancellation cancellation)
            throws InterruptedException {
        McpConnection connection = connections.get(server);
        if (connection == null || closed.get()) {
            return new McpCallResult.Err("unknown MCP server '" + server + "'");
        }
        if (tools.stream().noneMatch(t -> t.server().equals(server) && t.name().equals(tool))) {
            return new McpCallResult.Err("unknown MCP tool '" + tool + "' of server '" + server + "'");
        }
        return connection.call(tool, arguments, cancellation);
    }

    /** The protocol era {@code server} was reached in, if it started (for tests and diagnostics). */
    Optional<McpEra> era(String server) {
        return Optional.ofNullable(connections.get(server)).map(McpConnection::era);
    }

    /** Stops every server in parallel, so the grace of one does not add to another's. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Thread> stopping = new ArrayList<>();
        for (McpConnection connection : connections.values()) {
            stopping.add(
                    Thread.ofVirtual().name("mcp-stop-" + connection.name()).start(connection::close));
        }
        boolean interrupted = false;
        for (Thread thread : stopping) {
            while (true) {
                try {
                    thread.join(McpConnection.STOP_GRACE.plusSeconds(10));
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
