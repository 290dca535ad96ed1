package io.codexquarkus.mcp.jsonrpc;

import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * A request id kept as the exact JSON token the client sent, for ids that Jackson would not write back the same way
 * ({@code 1e400} would become {@code Infinity}, a string with a lone surrogate escape a replacement character, an
 * escaped ASCII letter the plain letter): written back raw, equal to another only when the tokens are identical.
 */
final class RawId extends POJONode {
    private static final long serialVersionUID = 1L;

    private final String token;

    RawId(String token) {
        super(new RawValue(token)); // RawValue is written as it is
        this.token = token;
    }

    @Override
    public String asText() {
        return token;
    }

    @Override
    public String toString() {
        return token;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawId raw && raw.token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }
}
