package io.codexquarkus.mcp.server;

import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import java.io.Serial;

/** A request that ends in a JSON-RPC error response. */
public final class McpException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient JsonRpcError error;

    public McpException(int code, String message) {
        super(message);
        this.error = JsonRpcError.of(code, message);
    }

    public McpException(JsonRpcError error) {
        super(error.message());
        this.error = error;
    }

    public JsonRpcError error() {
        return error;
    }

    public static McpException invalidParams(String message) {
        return new McpException(JsonRpcError.INVALID_PARAMS, message);
    }

    public static McpException invalidRequest(String message) {
        return new McpException(JsonRpcError.INVALID_REQUEST, message);
    }

    public static McpException internal(String message) {
        return new McpException(JsonRpcError.INTERNAL_ERROR, message);
    }
}
