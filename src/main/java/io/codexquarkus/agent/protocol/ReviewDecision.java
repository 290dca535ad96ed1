package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** A user's answer to an approval request (snake_case on the wire). */
public enum ReviewDecision {
    APPROVED("approved"),
    APPROVED_FOR_SESSION("approved_for_session"),
    DENIED("denied"),
    ABORT("abort");

    private final String wire;

    ReviewDecision(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean approves() {
        return this == APPROVED || this == APPROVED_FOR_SESSION;
    }

    public static Optional<ReviewDecision> parse(String value) {
        for (ReviewDecision d : values()) {
            if (d.wire.equals(value)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** Unknown text reads as {@link #DENIED}, the safe default. */
    @JsonCreator
    public static ReviewDecision fromWire(String value) {
        return parse(value).orElse(DENIED);
    }
}
