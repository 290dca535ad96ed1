package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which stored credential wins when auth.json holds both ({@code preferred_auth_method}). */
public enum AuthMethod implements WireEnum {
    CHATGPT("chatgpt"),
    APIKEY("apikey");

    private final String wire;

    AuthMethod(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static AuthMethod fromWire(String value) {
        return WireEnum.parse(AuthMethod.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
