package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How far commands may reach ({@code sandbox_mode}). */
public enum SandboxMode implements WireEnum {
    READ_ONLY("read-only"),
    WORKSPACE_WRITE("workspace-write"),
    DANGER_FULL_ACCESS("danger-full-access");

    private final String wire;

    SandboxMode(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static SandboxMode fromWire(String value) {
        return WireEnum.parse(SandboxMode.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
