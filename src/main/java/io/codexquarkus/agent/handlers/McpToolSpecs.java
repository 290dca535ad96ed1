package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.WireApi;
import io.codexquarkus.tools.mcp.McpServerPool.McpTool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP servers' tools as the model is offered them. On the Responses API one {@code namespace} tool per server,
 * {@code {"type":"namespace","name":"mcp__<server>","description":…,"tools":[{"type":"function",…}]}}, as upstream
 * 0.153.4 sends; on Chat Completions, which has no namespaces, flat {@code mcp__<server>__<tool>} functions. Both in
 * the order of their flat names.
 */
final class McpToolSpecs {
    private McpToolSpecs() {}

    static List<JsonNode> specs(WireApi wire, List<McpTool> tools) {
        Map<String, McpToolNames.Offered> offered = McpToolNames.allocate(tools);
        List<JsonNode> out = new ArrayList<>();
        if (wire == WireApi.CHAT) {
            offered.values().forEach(o -> out.add(function(o.flatName(), o.tool())));
            return out;
        }
        Map<String, ArrayNode> namespaces = new LinkedHashMap<>();
        for (McpToolNames.Offered o : offered.values()) {
            ArrayNode functions = namespaces.computeIfAbsent(o.namespace(), name -> {
                ObjectNode namespace = Json.MAPPER.createObjectNode();
                namespace.put("type", "namespace");
                namespace.put("name", name);
                namespace.put("description", "Tools in the " + name + " namespace.");
                out.add(namespace);
                return namespace.putArray("tools");
            });
            functions.add(function(o.name(), o.tool()));
        }
        return out;
    }

    private static ObjectNode function(String name, McpTool tool) {
        ObjectNode function = Json.MAPPER.createObjectNode();
        function.put("type", "function");
        function.put("name", name);
        function.put("description", tool.description() == null ? "" : tool.description());
        function.put("strict", false);
        function.set("parameters", McpSchemas.parameters(tool.inputSchema()));
        return function;
    }
}
