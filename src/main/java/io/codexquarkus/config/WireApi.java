package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The HTTP protocol a model provider speaks ({@code wire_api}). */
public enum WireApi implements WireEnum {
    RESPONSES("responses"),
    CHAT("chat");

    private final String wire;

    WireApi(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static WireApi fromWire(String value) {
        return WireEnum.parse(WireApi.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
