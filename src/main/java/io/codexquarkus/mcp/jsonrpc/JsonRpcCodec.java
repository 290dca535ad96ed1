package io.codexquarkus.mcp.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.codexquarkus.common.Json;

/** Reads one line into a {@link JsonRpcMessage} and writes messages as compact single lines. */
public final class JsonRpcCodec {
    private JsonRpcCodec() {}

    /** Why a line is not a message: malformed JSON (-32700) or not a valid JSON-RPC shape (-32600). */
    public static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient JsonRpcError error;
        private final transient JsonNode id;

        DecodeException(JsonRpcError error, JsonNode id) {
            super(error.message());
            this.error = error;
            this.id = id;
        }

        public JsonRpcError error() {
            return error;
        }

        /** The id of the bad message when one could be read, else JSON null. */
        public JsonNode id() {
            return id;
        }
    }

    public static JsonRpcMessage decode(String line) throws DecodeException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DecodeException(
                    JsonRpcError.of(JsonRpcError.PARSE_ERROR, "Parse error: " + e.getOriginalMessage()),
                    Json.MAPPER.nullNode());
        }
        if (node == null || !node.isObject()) {
            throw new DecodeException(
                    JsonRpcError.of(JsonRpcError.INVALID_REQUEST, "Invalid Request: expected a JSON object"),
                    Json.MAPPER.nullNode());
        }
        JsonNode id = node.get("id");
        boolean validId =
                id != null && (id.getNodeType() == JsonNodeType.NUMBER || id.getNodeType() == JsonNodeType.STRING);
        JsonNode replyId = validId ? id : Json.MAPPER.nullNode();
        if (!JsonRpcMessage.VERSION.equals(node.path("jsonrpc").asText(null))) {
            throw new DecodeException(
                    JsonRpcError.of(JsonRpcError.INVALID_REQUEST, "Invalid Request: jsonrpc must be \"2.0\""), replyId);
        }
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isTextual()) {
                throw new DecodeException(
                        JsonRpcError.of(JsonRpcError.INVALID_REQUEST, "Invalid Request: method must be a string"),
                        replyId);
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject() && !params.isArray() && !params.isNull()) {
                throw new DecodeException(
                        JsonRpcError.of(JsonRpcError.INVALID_REQUEST, "Invalid Request: params must be an object"),
                        replyId);
            }
            if (id == null) {
                return new JsonRpcMessage.Notification(JsonRpcMessage.VERSION, method.textValue(), params);
            }
            if (!validId) {
                throw new DecodeException(
                        JsonRpcError.of(JsonRpcError.INVALID_REQUEST, "Invalid Request: id must be a number or string"),
                        Json.MAPPER.nullNode());
            }
            return new JsonRpcMessage.Request(JsonRpcMessage.VERSION, id, method.textValue(), params);
        }
        if (node.has("result") && validId) {
            return new JsonRpcMessage.Response(JsonRpcMessage.VERSION, id, node.get("result"));
        }
        if (node.has("error") && node.get("error").isObject()) {
            JsonNode error = node.get("error");
            return new JsonRpcMessage.ErrorResponse(
                    JsonRpcMessage.VERSION,
                    replyId,
                    new JsonRpcError(
                            error.path("code").asInt(), error.path("message").asText(""), error.get("data")));
        }
        throw new DecodeException(
                JsonRpcError.of(
                        JsonRpcError.INVALID_REQUEST, "Invalid Request: not a request, notification or response"),
                replyId);
    }

    public static String encode(JsonRpcMessage message) {
        return Json.write(message);
    }
}
