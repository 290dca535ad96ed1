package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One event of a session: the submission id it belongs to ("" for start-up) and its message. */
public record Event(
        @JsonProperty("id") String id, @JsonProperty("msg") EventMsg msg) {}
