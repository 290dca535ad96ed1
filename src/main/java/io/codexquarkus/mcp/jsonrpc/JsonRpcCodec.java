package io.codexquarkus.mcp.jsonrpc;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.protocol.ErrorData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads one line into a {@link JsonRpcMessage} and writes messages as compact single lines. A line is exactly one
 * JSON value; the id is read while the object is, so a request whose id was seen is answered with it even when the
 * rest of the line is wrong, and it is kept as the client's own token when Jackson would write it differently.
 */
public final class JsonRpcCodec {
    /** How much of a line is searched for its id when the whole line cannot be read. */
    private static final int PREFIX_BYTES = 64 * 1024;

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

    /** The members read so far and the id, when one of a usable type was seen. */
    private static final class Reading {
        final ObjectNode object = Json.MAPPER.createObjectNode();
        JsonNode id;

        JsonNode replyId() {
            return id == null ? Json.MAPPER.nullNode() : id;
        }
    }

    public static JsonRpcMessage decode(String line) throws DecodeException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, bytes.length);
    }

    /** Decodes {@code bytes[0..length)}, one line without its line ending. */
    public static JsonRpcMessage decode(byte[] bytes, int length) throws DecodeException {
        Reading reading = new Reading();
        try (JsonParser parser = Json.MAPPER.createParser(bytes, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                if (first != null) {
                    parser.skipChildren();
                }
                expectEnd(parser, reading);
                throw invalid("expected a JSON object", reading.replyId());
            }
            readMembers(parser, bytes, length, reading);
            expectEnd(parser, reading);
        } catch (StreamReadException e) {
            throw new DecodeException(
                    JsonRpcError.of(JsonRpcError.PARSE_ERROR, "Parse error: " + e.getOriginalMessage()),
                    reading.replyId());
        } catch (IOException e) {
            throw new DecodeException(
                    JsonRpcError.of(JsonRpcError.PARSE_ERROR, "Parse error: " + e.getMessage()), reading.replyId());
        }
        return validate(reading);
    }

    /**
     * The answer to a line over the limit: -32600, with the id when it can be read from the line's first bytes.
     */
    public static DecodeException oversized(byte[] prefix, long length, long limit) {
        JsonNode data = Json.tree(new ErrorData.MessageTooLarge(limit, length));
        return new DecodeException(
                new JsonRpcError(
                        JsonRpcError.INVALID_REQUEST,
                        "Invalid Request: message of " + length + " bytes is longer than the limit of " + limit
                                + " bytes (mcp_server.max_message_bytes)",
                        data),
                idFromStart(prefix, Math.min(prefix.length, PREFIX_BYTES)));
    }

    /** The answer to a line within the limit whose tree did not fit in this process's heap. */
    public static DecodeException tooLargeForMemory(byte[] bytes, int length) {
        JsonNode data = Json.tree(new ErrorData.MessageTooLarge(null, length));
        return new DecodeException(
                new JsonRpcError(
                        JsonRpcError.INVALID_REQUEST,
                        "Invalid Request: message of " + length + " bytes does not fit in the server's memory",
                        data),
                idFromStart(bytes, Math.min(length, PREFIX_BYTES)));
    }

    /** The id when it can be read from the first {@code length} bytes of a line, else JSON null. */
    private static JsonNode idFromStart(byte[] prefix, int length) {
        Reading reading = new Reading();
        try (JsonParser parser = Json.MAPPER.createParser(prefix, 0, length)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (reading.id == null && parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("id".equals(name)) {
                        reading.id = idOf(value, parser, prefix, length).orElse(null);
                    }
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // the prefix ends inside the message: the id, if any, comes later and cannot be read
        }
        return reading.replyId();
    }

    private static void readMembers(JsonParser parser, byte[] bytes, int length, Reading reading) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("id".equals(name)) {
                reading.id = idOf(value, parser, bytes, length).orElse(null);
            }
            reading.object.set(name, Json.MAPPER.readTree(parser));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonParseException(parser, "expected a member name or '}'");
        }
    }

    private static void expectEnd(JsonParser parser, Reading reading) throws IOException, DecodeException {
        if (parser.nextToken() != null) {
            throw new DecodeException(
                    JsonRpcError.of(JsonRpcError.PARSE_ERROR, "Parse error: more than one JSON value on the line"),
                    reading.replyId());
        }
    }

    /** The id at the parser's current token when it is a number or a string, as the client wrote it. */
    private static Optional<JsonNode> idOf(JsonToken token, JsonParser parser, byte[] bytes, int length)
            throws IOException {
        if (token != JsonToken.VALUE_STRING
                && token != JsonToken.VALUE_NUMBER_INT
                && token != JsonToken.VALUE_NUMBER_FLOAT) {
            return Optional.empty();
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        int end = token == JsonToken.VALUE_STRING ? stringEnd(bytes, start, length) : numberEnd(bytes, start, length);
        if (end < 0) {
            return Optional.empty();
        }
        String raw = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        JsonNode parsed = Json.MAPPER.readTree(raw);
        return Optional.of(raw.equals(Json.write(parsed)) ? parsed : new RawId(raw));
    }

    /** Index just past the closing quote of the string starting at {@code start}, or -1. */
    private static int stringEnd(byte[] bytes, int start, int length) {
        for (int i = start + 1; i < length; i++) {
            if (bytes[i] == '\\') {
                i++;
            } else if (bytes[i] == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int numberEnd(byte[] bytes, int start, int length) {
        int i = start;
        while (i < length && "+-0123456789.eE".indexOf(bytes[i]) >= 0) {
            i++;
        }
        return i > start ? i : -1;
    }

    private static JsonRpcMessage validate(Reading reading) throws DecodeException {
        ObjectNode node = reading.object;
        JsonNode replyId = reading.replyId();
        JsonNode version = node.get("jsonrpc");
        if (version == null || !version.isTextual() || !JsonRpcMessage.VERSION.equals(version.textValue())) {
            throw invalid("jsonrpc must be the string \"2.0\"", replyId);
        }
        JsonNode id = node.get("id");
        JsonNode method = node.get("method");
        if (method != null) {
            if (!method.isTextual()) {
                throw invalid("method must be a string", replyId);
            }
            JsonNode params = node.get("params");
            if (params != null && !params.isObject() && !params.isArray() && !params.isNull()) {
                throw invalid("params must be an object", replyId);
            }
            if (id == null) {
                return new JsonRpcMessage.Notification(JsonRpcMessage.VERSION, method.textValue(), params);
            }
            if (reading.id == null) {
                throw invalid("id must be a number or string", replyId);
            }
            return new JsonRpcMessage.Request(JsonRpcMessage.VERSION, reading.id, method.textValue(), params);
        }
        if (node.has("result") && reading.id != null) {
            return new JsonRpcMessage.Response(JsonRpcMessage.VERSION, reading.id, node.get("result"));
        }
        if (node.has("error") && node.get("error").isObject()) {
            JsonNode error = node.get("error");
            return new JsonRpcMessage.ErrorResponse(
                    JsonRpcMessage.VERSION,
                    replyId,
                    new JsonRpcError(
                            error.path("code").asInt(), error.path("message").asText(""), error.get("data")));
        }
        throw invalid("not a request, notification or response", replyId);
    }

    private static DecodeException invalid(String why, JsonNode id) {
        return new DecodeException(JsonRpcError.of(JsonRpcError.INVALID_REQUEST, "Invalid Request: " + why), id);
    }

    public static String encode(JsonRpcMessage message) {
        return Json.write(message);
    }
}
