package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.protocol.DiscoverResult;
import io.codexquarkus.mcp.protocol.EmptyListResult;
import java.util.Map;

/**
 * The MCP 2026-07-28 methods that do not run a turn: {@code server/discover} and the lists, each cacheable ({@code
 * ttlMs} + {@code cacheScope}, required by the revision). {@code ping}, {@code initialize} and {@code
 * logging/setLevel} do not exist in this revision and are not registered, so they are answered -32601 (an {@code
 * initialize} after a 2026-07-28 request is refused by the connection with the versions it speaks).
 */
public final class ModernMethods {
    /**
     * How long a client may reuse a list or the discovery result: the tools of one build never change, and nothing
     * in them depends on who asks, hence {@code public}.
     */
    static final long TTL_MS = 3_600_000L;

    static final String CACHE_SCOPE = "public";

    private final LifecycleMethods lifecycle;
    private final boolean tasks;

    /** @param tasks whether the tasks extension is offered ({@code mcp_server.tasks} is not {@code never}) */
    public ModernMethods(LifecycleMethods lifecycle, boolean tasks) {
        this.lifecycle = lifecycle;
        this.tasks = tasks;
    }

    public void register(Map<String, MethodHandler> methods) {
        Map<String, MethodHandler.Immediate> immediate = Map.of(
                "server/discover", request -> Json.tree(DiscoverResult.of(tasks, TTL_MS, CACHE_SCOPE)),
                "tools/list", request -> cacheable(lifecycle.toolsList()),
                "resources/list", request -> cacheable(Json.tree(EmptyListResult.Resources.INSTANCE)),
                "resources/templates/list", request -> cacheable(Json.tree(EmptyListResult.ResourceTemplates.INSTANCE)),
                "prompts/list", request -> cacheable(Json.tree(EmptyListResult.Prompts.INSTANCE)));
        methods.putAll(immediate);
    }

    private static JsonNode cacheable(JsonNode list) {
        ObjectNode result = list.deepCopy();
        result.put("ttlMs", TTL_MS);
        result.put("cacheScope", CACHE_SCOPE);
        return result;
    }
}
