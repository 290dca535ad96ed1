package io.codexquarkus.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.codexquarkus.agent.ConversationManager;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.config.McpServerSettings;
import io.codexquarkus.config.McpTasksMode;
import io.codexquarkus.mcp.codextool.CodexToolCalls;
import io.codexquarkus.mcp.codextool.TaskMethods;
import io.codexquarkus.mcp.codextool.TaskStore;
import io.codexquarkus.mcp.methods.CodexMethods;
import io.codexquarkus.mcp.server.LifecycleMethods;
import io.codexquarkus.mcp.server.McpConnection;
import io.codexquarkus.mcp.server.MethodHandler;
import io.codexquarkus.mcp.server.ModernMethods;
import io.codexquarkus.mcp.transport.StdioTransport;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code codex-quarkus mcp}: one MCP connection on a pair of streams, serving the {@code codex} / {@code codex-reply}
 * tools and Codex's own methods over one agent core. Returns when the input ends, after interrupting what still runs.
 */
public final class McpServer {
    private static final Logger LOG = Logger.getLogger(McpServer.class);

    private final ConfigRequest startup;
    private final String originator;
    private final String version;
    private final Map<String, String> env;
    private final Supplier<SessionServices> services;
    private final ConversationManager conversations;

    public McpServer(ConfigRequest startup, SessionServices services) {
        this(startup, services.originator(), services.version(), services.env(), () -> services);
    }

    /**
     * A server whose agent services may still be starting: {@code initialize} and {@code tools/list} are answered
     * without them, and the first call that needs them waits for {@code services}.
     */
    public McpServer(
            ConfigRequest startup,
            String originator,
            String version,
            Map<String, String> env,
            Supplier<SessionServices> services) {
        this.startup = startup;
        this.originator = originator;
        this.version = version;
        this.env = Map.copyOf(env);
        this.services = services;
        this.conversations = new ConversationManager(services);
    }

    /** Serves on {@code in} / {@code out}; an Error on the stdio threads is logged and ends the connection. */
    public void serve(InputStream in, OutputStream out) {
        serve(in, out, error -> LOG.errorf("MCP transport failed: %s", error));
    }

    /**
     * Serves on {@code in} / {@code out}; an Error on the stdio threads goes to {@code fatal} (the CLI ends the process
     * with it, so a client never talks to a server that stopped reading).
     */
    public void serve(InputStream in, OutputStream out, Consumer<Error> fatal) {
        McpServerSettings settings = ConfigLoader.load(startup).config().mcpServer();
        StdioTransport transport = new StdioTransport(in, out, settings.maxMessageBytes(), fatal);
        Map<String, MethodHandler> methods = new HashMap<>();
        Map<String, MethodHandler> modernMethods = new HashMap<>();
        Map<String, Consumer<JsonNode>> notifications = new HashMap<>();
        String userAgent = LifecycleMethods.userAgent(originator, version);
        LifecycleMethods lifecycle = new LifecycleMethods(userAgent);
        lifecycle.register(methods);
        boolean modern = settings.modernProtocol();
        if (modern) {
            new ModernMethods(lifecycle, settings.tasks() != McpTasksMode.NEVER).register(modernMethods);
        }
        AtomicReference<McpConnection> self = new AtomicReference<>();
        CodexMethods codexMethods = new CodexMethods(
                conversations,
                startup,
                () -> forClient(services.get(), self.get()),
                () -> userAgent
                        + LifecycleMethods.clientSuffix(self.get().clientInfo().orElse(MissingNode.getInstance())),
                env);
        codexMethods.register(methods);
        TaskStore tasks = new TaskStore(settings.tasks() != McpTasksMode.NEVER);
        if (modern && settings.tasks() != McpTasksMode.NEVER) {
            new TaskMethods(tasks).register(modernMethods);
        }
        CodexToolCalls tools = new CodexToolCalls(
                conversations, startup, () -> forClient(services.get(), self.get()), codexMethods::drives, tasks);
        methods.put("tools/call", tools::call);
        if (modern) {
            // no modern methods at all: McpConnection then judges every request as a 2025-era one
            modernMethods.put("tools/call", tools::call);
        }
        McpConnection connection = new McpConnection(transport, methods, modernMethods, notifications);
        self.set(connection);
        connection.onClose(tasks::close);
        connection.onClose(this::interruptAll);
        connection.onClose(codexMethods::close);
        connection.serve();
    }

    /** Interrupts every running turn (killing its processes) and shuts the sessions down. */
    private void interruptAll() {
        conversations.all().values().forEach(codex -> {
            try {
                codex.submit(new Op.Interrupt());
                codex.submit(new Op.Shutdown());
            } catch (RuntimeException e) {
                // already shut down
            }
        });
        long deadline = System.nanoTime() + Duration.ofMillis(800).toNanos();
        for (var codex : conversations.all().values()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                codex.shutdown(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // best effort
            }
        }
    }

    /** The services of a session: the client's {@code clientInfo} becomes the user-agent suffix. */
    static SessionServices forClient(SessionServices base, McpConnection connection) {
        Optional<String> suffix = connection
                .clientInfo()
                .filter(info -> !info.path("name").asText("").isEmpty())
                .map(info ->
                        info.path("name").asText() + "; " + info.path("version").asText(""));
        return base.withUserAgentSuffix(suffix);
    }
}
