package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** When the agent asks before running a command ({@code approval_policy}, kebab-case on every wire). */
public enum AskForApproval implements WireEnum {
    UNTRUSTED("untrusted"),
    ON_FAILURE("on-failure"),
    ON_REQUEST("on-request"),
    NEVER("never");

    private final String wire;

    AskForApproval(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static AskForApproval fromWire(String value) {
        return WireEnum.parse(AskForApproval.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
