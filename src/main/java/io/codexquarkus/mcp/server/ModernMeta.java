package io.codexquarkus.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.protocol.ErrorData;
import java.util.List;
import java.util.Optional;

/**
 * The per-request {@code _meta} of MCP 2026-07-28: the protocol version the request speaks and the capabilities its
 * client declares for this request only (nothing carries over from an earlier request).
 *
 * @param protocolVersion {@code io.modelcontextprotocol/protocolVersion}
 * @param clientCapabilities {@code io.modelcontextprotocol/clientCapabilities} ({@code {}} when none)
 * @param clientInfo {@code io.modelcontextprotocol/clientInfo}, a missing node when not given
 */
public record ModernMeta(String protocolVersion, JsonNode clientCapabilities, JsonNode clientInfo) {
    public static final String VERSION = "2026-07-28";
    /** The 2026-07-28 revisions this server speaks. */
    public static final List<String> SUPPORTED_VERSIONS = List.of(VERSION);

    public static final String PROTOCOL_VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
    public static final String CLIENT_CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";
    public static final String CLIENT_INFO_KEY = "io.modelcontextprotocol/clientInfo";
    public static final String SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo";
    public static final String TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

    /** Whether {@code params} claims the 2026-07-28 revision (whatever version it names). */
    public static boolean claimed(JsonNode params) {
        return params != null && params.path("_meta").has(PROTOCOL_VERSION_KEY);
    }

    /**
     * Reads and checks the {@code _meta} of a 2026-07-28 request.
     *
     * @throws McpException -32602 when a required field is missing or malformed, -32022 (with the supported list)
     *     for a version this server does not speak
     */
    public static ModernMeta read(JsonNode params) {
        JsonNode meta = params == null ? null : params.get("_meta");
        if (meta == null || !meta.isObject()) {
            throw McpException.invalidParams("params._meta is required: it must carry " + PROTOCOL_VERSION_KEY + " and "
                    + CLIENT_CAPABILITIES_KEY);
        }
        JsonNode version = meta.get(PROTOCOL_VERSION_KEY);
        if (version == null || !version.isTextual()) {
            throw McpException.invalidParams("params._meta." + PROTOCOL_VERSION_KEY + " must be a string");
        }
        if (!SUPPORTED_VERSIONS.contains(version.textValue())) {
            throw unsupported(version.textValue());
        }
        JsonNode capabilities = meta.get(CLIENT_CAPABILITIES_KEY);
        if (capabilities == null || !capabilities.isObject()) {
            throw McpException.invalidParams("params._meta." + CLIENT_CAPABILITIES_KEY + " must be an object");
        }
        JsonNode info = meta.path(CLIENT_INFO_KEY);
        return new ModernMeta(version.textValue(), capabilities, info.isObject() ? info : MissingNode.getInstance());
    }

    /** -32022 naming the versions this server speaks. */
    public static McpException unsupported(String requested) {
        return new McpException(new JsonRpcError(
                JsonRpcError.UNSUPPORTED_PROTOCOL_VERSION,
                "Unsupported protocol version " + requested + "; this server speaks " + SUPPORTED_VERSIONS,
                Json.tree(new ErrorData.UnsupportedProtocolVersion(SUPPORTED_VERSIONS, requested))));
    }

    /** -32021 naming the capability this request needs, e.g. {@code {"elicitation":{}}}. */
    public static McpException missingCapability(String what, JsonNode required) {
        return new McpException(new JsonRpcError(
                JsonRpcError.MISSING_REQUIRED_CLIENT_CAPABILITY,
                "This request needs the client capability " + what + ", which its _meta does not declare",
                Json.tree(new ErrorData.MissingRequiredClientCapability(required))));
    }

    /** Whether this request's client can answer form elicitations (embedded in an {@code input_required} result). */
    public boolean elicitation() {
        return clientCapabilities.has("elicitation");
    }

    /** Whether this request's client declared the tasks extension. */
    public boolean tasks() {
        return clientCapabilities.path("extensions").has(TASKS_EXTENSION);
    }

    public Optional<JsonNode> info() {
        return clientInfo.isObject() ? Optional.of(clientInfo) : Optional.empty();
    }
}
