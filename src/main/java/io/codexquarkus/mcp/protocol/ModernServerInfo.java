package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code io.modelcontextprotocol/serverInfo} (MCP 2026-07-28): the implementation answering. */
@RegisterForReflection
public record ModernServerInfo(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version) {}
