package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a task ended without {@code task_complete}. */
public enum TurnAbortReason {
    INTERRUPTED("interrupted"),
    REPLACED("replaced");

    private final String wire;

    TurnAbortReason(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
