package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ConfigDefaults;
import io.codexquarkus.mcp.codextool.ToolDefinitions;
import io.codexquarkus.mcp.protocol.EmptyListResult;
import io.codexquarkus.mcp.protocol.EmptyResult;
import io.codexquarkus.mcp.protocol.InitializeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The standard MCP methods: {@code initialize} (version negotiation), {@code ping}, {@code tools/list}, and empty
 * answers for the optional features this server does not offer, so no client waits on silence.
 */
public final class LifecycleMethods {
    /** Protocol revisions this server speaks, oldest first. */
    public static final List<String> SUPPORTED_VERSIONS =
            List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

    public static final String SERVER_NAME = "codex-quarkus";

    private final String userAgent;
    /** How long a tools/list waits for the warm-up in flight before building the list itself. */
    private static final Duration TOOLS_LIST_WAIT = Duration.ofSeconds(2);

    /**
     * Built (and serialized once) on a virtual thread from the moment the methods are registered, during the
     * server's start-up: the first serialization of the tool schema records costs ~10 ms of Jackson introspection,
     * which then runs beside the boot instead of in front of the client's first tools/list.
     */
    private final CompletableFuture<JsonNode> toolsList = new CompletableFuture<>();

    public LifecycleMethods(String userAgent) {
        this.userAgent = userAgent;
    }

    public void register(Map<String, MethodHandler> methods) {
        Thread.ofVirtual().name("mcp-tools-list").start(() -> {
            try {
                ObjectNode tools = ToolDefinitions.toolsList();
                Json.write(tools);
                toolsList.complete(tools);
            } catch (RuntimeException e) {
                toolsList.completeExceptionally(e);
            }
        });
        // all answered at once, on the reader thread: none of them waits for anything
        Map<String, MethodHandler.Immediate> immediate = Map.of(
                "initialize", this::initialize,
                "ping", request -> Json.tree(EmptyResult.INSTANCE),
                "tools/list", request -> toolsList(),
                "resources/list", request -> Json.tree(EmptyListResult.Resources.INSTANCE),
                "resources/templates/list", request -> Json.tree(EmptyListResult.ResourceTemplates.INSTANCE),
                "prompts/list", request -> Json.tree(EmptyListResult.Prompts.INSTANCE),
                "logging/setLevel", request -> Json.tree(EmptyResult.INSTANCE));
        methods.putAll(immediate);
    }

    private JsonNode initialize(RequestContext request) {
        InitializeResult result = initializeResult(request.params(), userAgent);
        if (!request.connection()
                .initialize(
                        request.params().path("clientInfo"), request.params().path("capabilities"))) {
            throw McpException.invalidRequest("initialize called more than once");
        }
        request.connection().negotiated(result.protocolVersion());
        return Json.tree(result);
    }

    /**
     * The answer to {@code initialize} with {@code params}: the negotiated version and who answers, {@code userAgent}
     * with the client's name appended. Depends on nothing else, so {@link EarlyAnswers} gives the same answer before
     * the server is up.
     *
     * @throws McpException for params that are not an initialize request's
     */
    static InitializeResult initializeResult(JsonNode params, String userAgent) {
        if (params == null || !params.isObject()) {
            throw McpException.invalidParams("initialize requires params {protocolVersion, capabilities, clientInfo}");
        }
        JsonNode requested = params.get("protocolVersion");
        if (requested == null || !requested.isTextual()) {
            throw McpException.invalidParams("initialize: protocolVersion must be a string");
        }
        String version = SUPPORTED_VERSIONS.contains(requested.textValue())
                ? requested.textValue()
                : SUPPORTED_VERSIONS.getLast();
        return new InitializeResult(
                version,
                new InitializeResult.Capabilities(new InitializeResult.ToolsCapability(false)),
                new InitializeResult.ServerInfo(
                        SERVER_NAME,
                        "Codex",
                        ConfigDefaults.VERSION,
                        userAgent + clientSuffix(params.path("clientInfo"))));
    }

    /** {@code originator/version (os name os version; arch)}, as Codex builds the user agent it sends the model. */
    public static String userAgent(String originator, String version) {
        return originator + "/" + version + " (" + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + "; " + System.getProperty("os.arch") + ")";
    }

    /** The warm list; built here only if the warm-up failed or has not finished in time. */
    JsonNode toolsList() {
        try {
            return toolsList.get(TOOLS_LIST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return ToolDefinitions.toolsList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolDefinitions.toolsList();
        }
    }

    /** {@code " (name; version)"} from the client's info, as Codex appends it to its user agent. */
    public static String clientSuffix(JsonNode clientInfo) {
        String name = clientInfo.path("name").asText("");
        if (name.isEmpty()) {
            return "";
        }
        return " (" + name + "; " + clientInfo.path("version").asText("") + ")";
    }
}
