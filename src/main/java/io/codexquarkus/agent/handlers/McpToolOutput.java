package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.tools.mcp.McpServerPool.McpCallResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the model gets back from an MCP call, as upstream builds it from a {@code CallToolResult}: the JSON of {@code
 * structuredContent} when the server sent one, else the JSON of the {@code content} array; {@code isError: true} makes
 * it a failed output. A call that returned no result reads {@code err: "<message>"} (failed). Images go to the model
 * as images, not as base64 text: in the output an image block's {@code data} is replaced by a short placeholder, and
 * the images themselves follow as a user message with {@code input_image} parts ({@link #images}), which joins the
 * history right after the call's output.
 */
final class McpToolOutput {
    private McpToolOutput() {}

    static ResponseItem.FunctionCallOutput of(String callId, McpCallResult result) {
        return switch (result) {
            case McpCallResult.Err err ->
                ResponseItem.FunctionCallOutput.of(callId, "err: " + Json.write(err.message()), false);
            case McpCallResult.Ok ok -> {
                JsonNode value = ok.callToolResult();
                boolean success = !value.path("isError").asBoolean(false);
                JsonNode structured = value.get("structuredContent");
                String text = structured != null && !structured.isNull()
                        ? Json.write(structured)
                        : Json.write(withoutImageData(value.path("content")));
                yield ResponseItem.FunctionCallOutput.of(callId, text, success);
            }
        };
    }

    /** The result's images as one user message of {@code input_image} parts (data URLs); empty when it has none. */
    static Optional<ResponseItem> images(McpCallResult result) {
        if (!(result instanceof McpCallResult.Ok ok)
                || !(ok.callToolResult().path("content") instanceof ArrayNode blocks)) {
            return Optional.empty();
        }
        List<ContentItem> parts = new ArrayList<>();
        for (JsonNode block : blocks) {
            if (isImage(block)) {
                parts.add(new ContentItem.InputImage(
                        "data:" + block.path("mimeType").asText() + ";base64,"
                                + block.path("data").asText()));
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(new ResponseItem.Message(null, "user", parts));
    }

    private static boolean isImage(JsonNode block) {
        return "image".equals(block.path("type").asText())
                && block.path("data").isTextual()
                && block.path("mimeType").asText("").startsWith("image/");
    }

    private static JsonNode withoutImageData(JsonNode content) {
        if (!(content instanceof ArrayNode blocks)) {
            return Json.MAPPER.createArrayNode();
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode block : blocks) {
            if (block instanceof ObjectNode image && isImage(image)) {
                ObjectNode copy = image.deepCopy();
                copy.put("data", "<" + image.path("mimeType").asText() + ", attached as an image after this output>");
                out.add(copy);
            } else {
                out.add(block);
            }
        }
        return out;
    }
}
