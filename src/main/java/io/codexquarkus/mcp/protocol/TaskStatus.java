package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The status of a task (MCP 2026-07-28 tasks extension): {@code working} and {@code input_required} while the turn
 * runs, then one of the terminal three.
 */
@RegisterForReflection
public enum TaskStatus {
    WORKING("working"),
    INPUT_REQUIRED("input_required"),
    /** The call's result is there, a {@code CallToolResult} (also one with {@code isError}). */
    COMPLETED("completed"),
    /** The call ended in a JSON-RPC error. */
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wire;

    TaskStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    @Override
    public String toString() {
        return wire;
    }
}
