package io.codexquarkus.agent.session;

import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.protocol.ClientIdentity;
import io.codexquarkus.tools.mcp.McpServerPool;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a session needs from the outside world, shared by all sessions of a process.
 *
 * @param identity originator and user-agent suffix sent to the model provider
 * @param env the environment commands inherit and AGENTS.md discovery reads ($SHELL)
 * @param mcpServers starts a session's MCP servers ({@code [mcp_servers]}) when the session starts; the session closes
 *     the pool when it ends
 */
public record SessionServices(
        ModelClient modelClient,
        ToolRouter tools,
        ClientIdentity identity,
        Map<String, String> env,
        Function<CodexConfig, McpServerPool> mcpServers) {
    public SessionServices {
        env = Map.copyOf(env);
    }

    /** Services whose sessions start no MCP servers. */
    public SessionServices(
            ModelClient modelClient, ToolRouter tools, ClientIdentity identity, Map<String, String> env) {
        this(modelClient, tools, identity, env, config -> McpServerPool.empty());
    }

    public SessionServices withIdentity(ClientIdentity value) {
        return new SessionServices(modelClient, tools, value, env, mcpServers);
    }

    /** The same services with another way of starting a session's MCP servers. */
    public SessionServices withMcpServers(Function<CodexConfig, McpServerPool> value) {
        return new SessionServices(modelClient, tools, identity, env, value);
    }

    /** The same services with another user-agent suffix (an MCP client's {@code name; version}), empty for none. */
    public SessionServices withUserAgentSuffix(Optional<String> suffix) {
        return withIdentity(new ClientIdentity(identity.originator(), identity.version(), suffix));
    }

    /** The {@code originator} sent to the model provider. */
    public String originator() {
        return identity.originator();
    }

    /** The version sent to the model provider. */
    public String version() {
        return identity.version();
    }
}
