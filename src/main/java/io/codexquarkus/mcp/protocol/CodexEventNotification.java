package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The params of a {@code codex/event} notification sent during a {@code codex} / {@code codex-reply} call: the event,
 * with the request it belongs to and the thread in {@code _meta} so a client can route it.
 */
@RegisterForReflection
public record CodexEventNotification(
        @JsonProperty("_meta") Meta meta,
        @JsonProperty("id") String id,
        @JsonProperty("msg") EventMsg msg) {

    /** Which {@code tools/call} and which thread the event belongs to. */
    @RegisterForReflection
    public record Meta(
            @JsonProperty("requestId") JsonNode requestId,
            @JsonProperty("threadId") String threadId) {}
}
