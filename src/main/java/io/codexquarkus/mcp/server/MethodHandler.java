package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Handles one JSON-RPC method. Return the result to answer at once; return {@code null} when the handler answers the
 * request itself later through {@link RequestContext#respond}. Throw {@link McpException} for a JSON-RPC error.
 */
@FunctionalInterface
public interface MethodHandler {
    JsonNode handle(RequestContext request) throws InterruptedException;
}
