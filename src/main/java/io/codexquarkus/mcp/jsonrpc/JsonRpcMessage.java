package io.codexquarkus.mcp.jsonrpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC 2.0 message as it travels on one line. Ids are kept as the JSON the peer sent (number or string) and
 * echoed unchanged.
 */
public sealed interface JsonRpcMessage {
    String VERSION = "2.0";

    @JsonPropertyOrder({"jsonrpc", "id", "method", "params"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(
            @JsonProperty("jsonrpc") String jsonrpc,
            @JsonProperty("id") JsonNode id,
            @JsonProperty("method") String method,
            @JsonProperty("params") JsonNode params)
            implements JsonRpcMessage {
        public static Request of(JsonNode id, String method, JsonNode params) {
            return new Request(VERSION, id, method, params);
        }
    }

    @JsonPropertyOrder({"jsonrpc", "method", "params"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Notification(
            @JsonProperty("jsonrpc") String jsonrpc,
            @JsonProperty("method") String method,
            @JsonProperty("params") JsonNode params)
            implements JsonRpcMessage {
        public static Notification of(String method, JsonNode params) {
            return new Notification(VERSION, method, params);
        }
    }

    @JsonPropertyOrder({"jsonrpc", "id", "result"})
    record Response(
            @JsonProperty("jsonrpc") String jsonrpc,
            @JsonProperty("id") JsonNode id,
            @JsonProperty("result") JsonNode result)
            implements JsonRpcMessage {
        public static Response of(JsonNode id, JsonNode result) {
            return new Response(VERSION, id, result);
        }
    }

    @JsonPropertyOrder({"jsonrpc", "id", "error"})
    record ErrorResponse(
            @JsonProperty("jsonrpc") String jsonrpc,
            @JsonProperty("id") JsonNode id,
            @JsonProperty("error") JsonRpcError error)
            implements JsonRpcMessage {
        public static ErrorResponse of(JsonNode id, JsonRpcError error) {
            return new ErrorResponse(VERSION, id, error);
        }
    }
}
