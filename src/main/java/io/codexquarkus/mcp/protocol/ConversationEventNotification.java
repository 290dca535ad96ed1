package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.agent.protocol.EventMsg;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The params of a {@code codex/event/<type>} notification to a conversation listener. */
@RegisterForReflection
public record ConversationEventNotification(
        @JsonProperty("id") String id,
        @JsonProperty("msg") EventMsg msg,
        @JsonProperty("conversationId") String conversationId) {}
