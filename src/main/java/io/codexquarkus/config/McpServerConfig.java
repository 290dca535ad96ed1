package io.codexquarkus.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code [mcp_servers.<name>]} entry of config.toml, as Codex reads it: a server started as a process ({@code
 * command}, {@code args}, {@code env}, {@code cwd}) or reached over Streamable HTTP ({@code url}, {@code
 * bearer_token_env_var}, {@code http_headers}), with its timeouts and the tools it may offer.
 *
 * @param name the table's key; tools are offered as {@code mcp__<name>} / {@code mcp__<name>__<tool>}
 * @param transport how the server is reached
 * @param startupTimeout how long starting it and listing its tools may take ({@code startup_timeout_sec})
 * @param toolTimeout how long one tool call may take ({@code tool_timeout_sec})
 * @param enabled {@code enabled = false} keeps the entry without starting the server
 * @param enabledTools when present, only these tools are offered ({@code enabled_tools})
 * @param disabledTools these tools are never offered ({@code disabled_tools}), applied after {@code enabledTools}
 */
public record McpServerConfig(
        String name,
        Transport transport,
        Duration startupTimeout,
        Duration toolTimeout,
        boolean enabled,
        Optional<List<String>> enabledTools,
        List<String> disabledTools) {

    /** How a server is reached. */
    public sealed interface Transport {
        /** A child process speaking MCP on its stdin/stdout. */
        record Stdio(String command, List<String> args, Map<String, String> env, Optional<Path> cwd)
                implements Transport {}

        /**
         * Streamable HTTP at {@code url}; {@code bearerTokenEnvVar} names the environment variable holding the
         * token sent as {@code Authorization: Bearer …}.
         */
        record StreamableHttp(String url, Optional<String> bearerTokenEnvVar, Map<String, String> httpHeaders)
                implements Transport {}
    }
}
