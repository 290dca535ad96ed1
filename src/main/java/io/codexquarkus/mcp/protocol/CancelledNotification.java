package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The params of {@code notifications/cancelled} this server sends: a request of its own (an approval question) no
 * longer needs an answer.
 */
@RegisterForReflection
public record CancelledNotification(
        @JsonProperty("requestId") int requestId,
        @JsonProperty("reason") String reason) {}
