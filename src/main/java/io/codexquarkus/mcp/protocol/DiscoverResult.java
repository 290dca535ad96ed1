package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code server/discover} (MCP 2026-07-28): the versions spoken, the server's capabilities, and how
 * long the answer may be cached. {@code resultType} and {@code _meta.serverInfo} are added to every result on the
 * way out.
 */
@RegisterForReflection
@JsonPropertyOrder({"supportedVersions", "capabilities", "ttlMs", "cacheScope"})
public record DiscoverResult(
        @JsonProperty("supportedVersions") List<String> supportedVersions,
        @JsonProperty("capabilities") Capabilities capabilities,
        @JsonProperty("ttlMs") long ttlMs,
        @JsonProperty("cacheScope") String cacheScope) {

    /** {@code tools} (its list never changes) and, when offered, the tasks extension. */
    @RegisterForReflection
    public record Capabilities(
            @JsonProperty("tools") Map<String, Object> tools,

            @JsonProperty("extensions") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            Map<String, Map<String, Object>> extensions) {}

    public static DiscoverResult of(boolean tasks, long ttlMs, String cacheScope) {
        Map<String, Map<String, Object>> extensions =
                tasks ? Map.of("io.modelcontextprotocol/tasks", Map.of()) : Map.of();
        return new DiscoverResult(List.of("2026-07-28"), new Capabilities(Map.of(), extensions), ttlMs, cacheScope);
    }
}
