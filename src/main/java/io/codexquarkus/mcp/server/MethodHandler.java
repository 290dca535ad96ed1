package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Handles one JSON-RPC method. Return the result to answer at once; return {@code null} when the handler answers the
 * request itself later through {@link RequestContext#respond}. Throw {@link McpException} for a JSON-RPC error.
 */
@FunctionalInterface
public interface MethodHandler {
    JsonNode handle(RequestContext request) throws InterruptedException;

    /**
     * A handler that answers at once and never blocks (ping, tools/list, initialize): it runs on the thread that read
     * the request, which saves a thread hand-off on the calls a client makes first and most often. Anything that may
     * wait (model, processes, client replies, files) stays a plain handler and runs on its own virtual thread.
     */
    @FunctionalInterface
    interface Immediate extends MethodHandler {
        @Override
        JsonNode handle(RequestContext request);
    }
}
