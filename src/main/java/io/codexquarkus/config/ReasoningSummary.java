package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code model_reasoning_summary}. */
public enum ReasoningSummary implements WireEnum {
    AUTO("auto"),
    CONCISE("concise"),
    DETAILED("detailed"),
    NONE("none");

    private final String wire;

    ReasoningSummary(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ReasoningSummary fromWire(String value) {
        return WireEnum.parse(ReasoningSummary.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
