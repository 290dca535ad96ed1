package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.protocol.EmptyResult;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.MethodHandler;
import io.codexquarkus.mcp.server.ModernMeta;
import io.codexquarkus.mcp.server.RequestContext;
import java.util.Map;

/**
 * {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel} of the MCP 2026-07-28 tasks extension, over the
 * {@link TaskStore}. Each request must declare the extension itself (else -32021 naming it); an unknown or expired
 * {@code taskId} is -32602. {@code tasks/update} and {@code tasks/cancel} acknowledge at once; what they do shows in the
 * next {@code tasks/get}.
 */
public final class TaskMethods {
    private static final JsonNode REQUIRED = requiredCapabilities();

    private final TaskStore store;

    public TaskMethods(TaskStore store) {
        this.store = store;
    }

    /** Adds the three methods to the 2026-07-28 method table. */
    public void register(Map<String, MethodHandler> modernMethods) {
        modernMethods.put("tasks/get", (MethodHandler.Immediate) this::get);
        // these two may wait on a session's submission queue: each runs on its own virtual thread
        modernMethods.put("tasks/update", this::update);
        modernMethods.put("tasks/cancel", this::cancel);
    }

    private JsonNode get(RequestContext request) {
        return Json.tree(find(request).task().snapshot(false));
    }

    private JsonNode update(RequestContext request) {
        TaskStore.Lookup.Found found = find(request);
        JsonNode responses = request.params().get("inputResponses");
        if (responses == null || !responses.isObject()) {
            throw McpException.invalidParams("tasks/update needs params.inputResponses, an object");
        }
        found.channel().answer(responses);
        return Json.tree(EmptyResult.INSTANCE);
    }

    private JsonNode cancel(RequestContext request) {
        find(request).task().cancel();
        return Json.tree(EmptyResult.INSTANCE);
    }

    private TaskStore.Lookup.Found find(RequestContext request) {
        if (request.modern().map(meta -> !meta.tasks()).orElse(true)) {
            throw ModernMeta.missingCapability("extensions[\"" + ModernMeta.TASKS_EXTENSION + "\"]", REQUIRED);
        }
        JsonNode params = request.params();
        JsonNode id = params == null ? null : params.get("taskId");
        if (id == null || !id.isTextual()) {
            throw McpException.invalidParams(request.method() + " needs params.taskId, a string");
        }
        return switch (store.find(id.textValue())) {
            case TaskStore.Lookup.Found found -> found;
            case TaskStore.Lookup.Unknown unknown ->
                throw McpException.invalidParams("Failed to retrieve task: Task not found");
            case TaskStore.Lookup.Expired expired ->
                throw McpException.invalidParams("Failed to retrieve task: Task has expired");
        };
    }

    private static JsonNode requiredCapabilities() {
        ObjectNode capabilities = Json.MAPPER.createObjectNode();
        capabilities.putObject("extensions").putObject(ModernMeta.TASKS_EXTENSION);
        return capabilities;
    }
}
