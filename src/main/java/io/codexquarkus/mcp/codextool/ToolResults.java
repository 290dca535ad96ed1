package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;

/** CallToolResult shapes: text content plus {@code structuredContent {threadId, content}} when a thread exists. */
public final class ToolResults {
    private ToolResults() {}

    public static JsonNode success(String threadId, String text) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.putObject("structuredContent").put("threadId", threadId).put("content", text);
        return result;
    }

    /** A tool-level failure with no thread to name (bad arguments, unknown tool). */
    public static JsonNode error(String text) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", true);
        return result;
    }

    /** A tool-level failure of a known thread. */
    public static JsonNode error(String threadId, String text) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.putObject("structuredContent").put("threadId", threadId).put("content", text);
        result.put("isError", true);
        return result;
    }
}
