package io.codexquarkus.tools.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.tools.ToolArguments;

/**
 * The {@code view_image} function tool: its definition for the model (upstream's name and schema, our description)
 * and its argument parser. What a call does lives with the agent, which knows the turn's cwd and sandbox.
 */
public final class ViewImageTool {
    public static final String NAME = "view_image";

    /** The reply to the model once the image is queued for the next request. */
    public static final String ATTACHED = "attached local image path";

    private static final String DESCRIPTION = "Attach a local image file (PNG, JPEG, GIF or WebP, by filesystem path)"
            + " to the conversation, so you can look at it in your next step.";

    private ViewImageTool() {}

    /** {@code {"type":"function","name":"view_image","strict":false,"parameters":{…"path"…}}}. */
    public static JsonNode definition() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode tool = json.objectNode();
        tool.put("type", "function");
        tool.put("name", NAME);
        tool.put("description", DESCRIPTION);
        tool.put("strict", false);
        ObjectNode parameters = tool.putObject("parameters");
        parameters.put("type", "object");
        parameters
                .putObject("properties")
                .putObject("path")
                .put("type", "string")
                .put("description", "Path of the image file; a relative path starts at the working directory.");
        parameters.putArray("required").add("path");
        parameters.put("additionalProperties", false);
        return tool;
    }

    /**
     * The {@code path} argument.
     *
     * @throws IllegalArgumentException with serde's wording when the arguments are not an object with a string path
     */
    public static String parsePath(String argumentsJson) {
        JsonNode root = ToolArguments.parse(argumentsJson);
        if (!root.isObject()) {
            throw ToolArguments.error("invalid type: " + ToolArguments.kind(root) + ", expected struct ViewImageArgs");
        }
        JsonNode path = root.get("path");
        if (path == null || path.isNull()) {
            throw ToolArguments.error("missing field `path`");
        }
        if (!path.isTextual()) {
            throw ToolArguments.error("invalid type: " + ToolArguments.kind(path) + ", expected a string");
        }
        if (path.textValue().isBlank()) {
            throw ToolArguments.error("`path` must not be empty");
        }
        return path.textValue();
    }
}
