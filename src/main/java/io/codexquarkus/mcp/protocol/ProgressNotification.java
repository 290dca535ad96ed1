package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The params of {@code notifications/progress}.
 *
 * @param progressToken the token the client sent in the call's {@code _meta}, echoed as it came (number or string)
 */
@RegisterForReflection
public record ProgressNotification(
        @JsonProperty("progressToken") JsonNode progressToken,
        @JsonProperty("progress") long progress,
        @JsonProperty("message") String message) {}
