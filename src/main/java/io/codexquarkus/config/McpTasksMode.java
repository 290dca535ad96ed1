package io.codexquarkus.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code mcp_server.tasks}: whether {@code codex} and {@code codex-reply} answer an MCP 2026-07-28 client that
 * declares the tasks extension with a task it polls.
 */
public enum McpTasksMode implements WireEnum {
    /** A task whenever the request declares {@code io.modelcontextprotocol/tasks}. */
    AUTO("auto"),
    /** Never: calls are answered in the request itself. */
    NEVER("never");

    private final String wire;

    McpTasksMode(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static McpTasksMode fromWire(String value) {
        return WireEnum.parse(McpTasksMode.class, value);
    }

    @Override
    public String toString() {
        return wire;
    }
}
