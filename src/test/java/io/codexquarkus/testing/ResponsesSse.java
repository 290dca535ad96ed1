package io.codexquarkus.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.Sse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Whole Responses-API SSE bodies for scripted model turns: a tool call, or a final assistant message. */
public final class ResponsesSse {
    private static final AtomicInteger RESPONSE_IDS = new AtomicInteger();

    private ResponsesSse() {}

    /** The model answers with {@code text} (split into a few deltas) and ends the turn. */
    public static String message(String text) {
        String id = nextId();
        int third = Math.max(1, text.length() / 3);
        if (text.length() < 3) {
            return Sse.textAnswer(id, text);
        }
        return Sse.textAnswer(
                id, text.substring(0, third), text.substring(third, 2 * third), text.substring(2 * third));
    }

    /** The model calls the {@code shell} function with {@code argv}. */
    public static String shell(String callId, List<String> argv, String workdir, long timeoutMs) {
        ObjectNode arguments = Json.MAPPER.createObjectNode();
        arguments.set("command", Json.tree(argv));
        if (workdir != null) {
            arguments.put("workdir", workdir);
        }
        arguments.put("timeout_ms", timeoutMs);
        return functionCall(callId, "shell", Json.write(arguments));
    }

    /** The model calls function {@code name} with {@code argumentsJson}. */
    public static String functionCall(String callId, String name, String argumentsJson) {
        String id = nextId();
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("type", "function_call");
        item.put("id", "fc_" + id);
        item.put("status", "completed");
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", argumentsJson);
        ObjectNode done = Json.MAPPER.createObjectNode();
        done.put("type", "response.output_item.done");
        done.put("output_index", 0);
        done.set("item", item);
        return Sse.responses(Sse.created(id), Json.write(done), Sse.completed(id));
    }

    private static String nextId() {
        return "resp_" + RESPONSE_IDS.incrementAndGet();
    }
}
