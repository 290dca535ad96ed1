package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The starting environment of commands ({@code shell_environment_policy.inherit}). */
public enum ShellEnvironmentInherit implements WireEnum {
    ALL("all"),
    CORE("core"),
    NONE("none");

    private final String wire;

    ShellEnvironmentInherit(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ShellEnvironmentInherit fromWire(String value) {
        return WireEnum.parse(ShellEnvironmentInherit.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
