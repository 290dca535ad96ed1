package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.protocol.CallToolResult;
import java.util.List;

/** The {@code codex} tools' CallToolResults: the final text, and the thread it belongs to when there is one. */
public final class ToolResults {
    private ToolResults() {}

    public static JsonNode success(String threadId, String text) {
        return Json.tree(new CallToolResult(content(text), new CallToolResult.ThreadContent(threadId, text), null));
    }

    /** A tool-level failure with no thread to name (bad arguments, unknown tool). */
    public static JsonNode error(String text) {
        return Json.tree(new CallToolResult(content(text), null, true));
    }

    /** A tool-level failure of a known thread. */
    public static JsonNode error(String threadId, String text) {
        return Json.tree(new CallToolResult(content(text), new CallToolResult.ThreadContent(threadId, text), true));
    }

    private static List<CallToolResult.TextContent> content(String text) {
        return List.of(new CallToolResult.TextContent(text));
    }
}
