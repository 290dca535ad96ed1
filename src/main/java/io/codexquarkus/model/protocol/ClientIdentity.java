package io.codexquarkus.model.protocol;

import java.util.Optional;

/**
 * Who is calling the model: the {@code originator} header, the version, and an optional user-agent suffix (an MCP
 * client's {@code clientInfo} as {@code name; version}).
 */
public record ClientIdentity(String originator, String version, Optional<String> userAgentSuffix) {
    public static final String DEFAULT_ORIGINATOR = "codex_cli_rs";
}
