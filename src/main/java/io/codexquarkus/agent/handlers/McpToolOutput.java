package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.tools.mcp.McpServerPool.McpCallResult;

/**
 * What the model gets back from an MCP call, as upstream builds it from a {@code CallToolResult}: the JSON of {@code
 * structuredContent} when the server sent one, else the JSON of the {@code content} array; {@code isError: true} makes
 * it a failed output. A call that returned no result reads {@code err: "<message>"} (failed). Images are not attached
 * as input items: an image block's {@code data} is replaced by a short placeholder, so the model learns an image came
 * back without receiving megabytes of base64 as text.
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

    private static JsonNode withoutImageData(JsonNode content) {
        if (!(content instanceof ArrayNode blocks)) {
            return Json.MAPPER.createArrayNode();
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode block : blocks) {
            if (block instanceof ObjectNode image
                    && "image".equals(image.path("type").asText())
                    && image.path("data").isTextual()) {
                ObjectNode copy = image.deepCopy();
                copy.put(
                        "data",
                        "<" + image.path("mimeType").asText("image") + ", "
                                + image.path("data").asText().length() + " base64 characters not shown>");
                out.add(copy);
            } else {
                out.add(block);
            }
        }
        return out;
    }
}
