package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The {@code data} of the JSON-RPC errors that carry details. */
@RegisterForReflection
public sealed interface ErrorData {
    /** -32601: the method asked for. */
    @RegisterForReflection
    record MethodNotFound(@JsonProperty("method") String method) implements ErrorData {}

    /** -32600 for a message too large: its length and, when the configured limit was the reason, that limit. */
    @RegisterForReflection
    record MessageTooLarge(
            @JsonProperty("limit") @JsonInclude(NON_NULL) Long limit,
            @JsonProperty("length") long length) implements ErrorData {}

    /** -32022 (2026-07-28): the versions this server speaks and the one the request claimed. */
    @RegisterForReflection
    record UnsupportedProtocolVersion(
            @JsonProperty("supported") List<String> supported,

            @JsonProperty("requested") @JsonInclude(NON_NULL)
            String requested)
            implements ErrorData {}

    /** -32021 (2026-07-28): the capabilities the request lacks, as a {@code ClientCapabilities} object. */
    @RegisterForReflection
    record MissingRequiredClientCapability(
            @JsonProperty("requiredCapabilities") JsonNode requiredCapabilities) implements ErrorData {}
}
