package io.codexquarkus.agent.session;

import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.protocol.ClientIdentity;
import java.util.Map;
import java.util.Optional;

/**
 * What a session needs from the outside world, shared by all sessions of a process.
 *
 * @param identity originator and user-agent suffix sent to the model provider
 * @param env the environment commands inherit and AGENTS.md discovery reads ($SHELL)
 */
public record SessionServices(
        ModelClient modelClient, ToolRouter tools, ClientIdentity identity, Map<String, String> env) {
    public SessionServices {
        env = Map.copyOf(env);
    }

    public SessionServices withIdentity(ClientIdentity value) {
        return new SessionServices(modelClient, tools, value, env);
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
