package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code model_verbosity} (GPT-5 family). */
public enum Verbosity implements WireEnum {
    LOW("low"),
    MEDIUM("medium"),
    HIGH("high");

    private final String wire;

    Verbosity(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Verbosity fromWire(String value) {
        return WireEnum.parse(Verbosity.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
