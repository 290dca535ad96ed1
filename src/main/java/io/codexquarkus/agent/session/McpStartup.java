package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.tools.mcp.McpServerPool;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A session's MCP servers: started with the session, each one that failed reported once (a {@code background_event}
 * after {@code session_configured}, and a log line) while the session goes on without it, and stopped when the
 * session's loop ends, however it ends.
 */
final class McpStartup {
    private static final Logger LOG = Logger.getLogger(McpStartup.class);

    /** A started pool and the messages about servers that did not start. */
    record Started(McpServerPool pool, List<String> failures) {}

    private McpStartup() {}

    static Started start(CodexConfig config, SessionServices services) {
        McpServerPool pool;
        try {
            pool = services.mcpServers().apply(config);
        } catch (RuntimeException e) {
            LOG.warnf(e, "MCP servers failed to start");
            return new Started(McpServerPool.empty(), List.of("MCP servers failed to start: " + Session.oneLine(e)));
        }
        // the pool words each failure ("MCP client for `x` failed to start: …") and has logged it
        List<String> failures = pool.failures().stream()
                .map(McpServerPool.McpServerFailure::message)
                .toList();
        return new Started(pool, failures);
    }

    /** Emits one {@code background_event} per server that did not start. */
    static void report(Session session, Started started) {
        started.failures().forEach(message -> session.emit("", new EventMsg.BackgroundEvent(message)));
    }

    /** Stops the session's servers; a failure to stop is logged, never thrown into the session's last steps. */
    static void close(McpServerPool pool) {
        try {
            pool.close();
        } catch (RuntimeException e) {
            LOG.warnf(e, "stopping the session's MCP servers failed");
        }
    }
}
