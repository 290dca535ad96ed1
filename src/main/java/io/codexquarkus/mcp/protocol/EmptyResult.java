package io.codexquarkus.mcp.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code {}}: the result of a method that has nothing to report ({@code ping}, {@code loginApiKey}, …). */
@RegisterForReflection
public record EmptyResult() {
    public static final EmptyResult INSTANCE = new EmptyResult();
}
