package io.codexquarkus.mcp.jsonrpc;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types of this package that Jackson binds, registered for reflection so a native build can (de)serialize them.
 * Nested classes are listed one by one ({@code ignoreNested}), so nothing internal rides along; {@code
 * NativeReflectionTest} derives the bound types from the byte code and fails when this list is short or long.
 */
@RegisterForReflection(
        ignoreNested = true,
        targets = {
            JsonRpcError.class,
            JsonRpcMessage.class,
            JsonRpcMessage.ErrorResponse.class,
            JsonRpcMessage.Notification.class,
            JsonRpcMessage.Request.class,
            JsonRpcMessage.Response.class
        })
final class JacksonTypes {
    private JacksonTypes() {}
}
