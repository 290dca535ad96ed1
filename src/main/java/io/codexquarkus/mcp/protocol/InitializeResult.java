package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The result of {@code initialize}: the negotiated version, the tools capability, and who answers. */
@RegisterForReflection
public record InitializeResult(
        @JsonProperty("protocolVersion") String protocolVersion,
        @JsonProperty("capabilities") Capabilities capabilities,
        @JsonProperty("serverInfo") ServerInfo serverInfo) {

    /** {@code {"tools":{"listChanged":false}}}: tools only, and their list never changes. */
    @RegisterForReflection
    public record Capabilities(@JsonProperty("tools") ToolsCapability tools) {}

    @RegisterForReflection
    public record ToolsCapability(
            @JsonProperty("listChanged") boolean listChanged) {}

    /** Upstream adds the {@code user_agent} Codex sends to the model, with the client's name appended. */
    @RegisterForReflection
    public record ServerInfo(
            @JsonProperty("name") String name,
            @JsonProperty("title") String title,
            @JsonProperty("version") String version,
            @JsonProperty("user_agent") String userAgent) {}
}
