package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code model_reasoning_effort}. */
public enum ReasoningEffort implements WireEnum {
    NONE("none"),
    MINIMAL("minimal"),
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high"),
    XHIGH("xhigh");

    private final String wire;

    ReasoningEffort(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ReasoningEffort fromWire(String value) {
        return WireEnum.parse(ReasoningEffort.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
