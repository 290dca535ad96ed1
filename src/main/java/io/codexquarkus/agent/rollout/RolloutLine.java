package io.codexquarkus.agent.rollout;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of a rollout file: {@code {"timestamp":"2025-01-02T03:04:05.678Z","type":"<kind>","payload":{…}}}. Kinds:
 * {@code session_meta}, {@code response_item}, {@code event_msg}, {@code turn_context}, {@code compacted}.
 */
public record RolloutLine(
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("type") String type,
        @JsonProperty("payload") JsonNode payload) {
    public static final String SESSION_META = "session_meta";
    public static final String RESPONSE_ITEM = "response_item";
    public static final String EVENT_MSG = "event_msg";
    public static final String TURN_CONTEXT = "turn_context";
    public static final String COMPACTED = "compacted";
}
