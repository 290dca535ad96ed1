package io.codexquarkus.exec.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.McpInvocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code mcp_tool_call} item of {@code exec --json}, as upstream's thread events carry it: {@code server}, {@code
 * tool}, {@code arguments}, {@code result} ({@code {content, structured_content}} once the call returned), {@code
 * error} ({@code {message}} when it did not, or the result says {@code isError}), and {@code status} ({@code
 * in_progress}, then {@code completed} or {@code failed}).
 */
final class McpItems {
    private McpItems() {}

    /** Fills {@code item} (id and type already set) for a call that has just begun. */
    static Map<String, Object> started(Map<String, Object> item, McpInvocation invocation) {
        item.put("server", invocation.server());
        item.put("tool", invocation.tool());
        item.put("arguments", invocation.arguments());
        item.put("result", null);
        item.put("error", null);
        item.put("status", "in_progress");
        return item;
    }

    /** Completes {@code item} with how the call ended. */
    static Map<String, Object> ended(Map<String, Object> item, EventMsg.McpToolCallEnd end) {
        if (end.result().ok() != null) {
            Map<String, Object> result = new LinkedHashMap<>();
            JsonNode content = end.result().ok().get("content");
            result.put("content", content == null ? List.of() : content);
            result.put("structured_content", end.result().ok().get("structuredContent"));
            item.put("result", result);
        } else {
            item.put("error", Map.of("message", end.result().err()));
        }
        item.put("status", end.isSuccess() ? "completed" : "failed");
        return item;
    }
}
