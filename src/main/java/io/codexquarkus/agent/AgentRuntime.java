package io.codexquarkus.agent;

import io.codexquarkus.agent.handlers.DefaultToolRouter;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.auth.AuthManager;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigDefaults;
import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.ModelClientOptions;
import io.codexquarkus.model.ModelClients;
import io.codexquarkus.model.protocol.ClientIdentity;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.tools.mcp.McpServerPool;
import io.codexquarkus.tools.mcp.McpServers;
import io.codexquarkus.tools.process.HelperPrestarter;
import io.codexquarkus.tools.process.ProcessRunner;
import java.util.Map;
import java.util.Optional;

/**
 * Everything sessions of one process share, wired once: credentials (auth.json, {@code OPENAI_API_KEY}), the model
 * client, the sandbox manager and the process runner behind the tools. Front-ends create one and hand its {@link
 * #services()} to a {@link ConversationManager}.
 */
public final class AgentRuntime implements AutoCloseable {
    private final ModelClient modelClient;
    private final SessionServices services;
    private final AuthManager auth;
    private final Optional<HelperPrestarter> helpers;

    private AgentRuntime(
            ModelClient modelClient, SessionServices services, AuthManager auth, Optional<HelperPrestarter> helpers) {
        this.modelClient = modelClient;
        this.services = services;
        this.auth = auth;
        this.helpers = helpers;
    }

    /**
     * Wires a runtime.
     *
     * @param originator the {@code originator} header: {@code codex_cli_rs} for the MCP server, {@code codex_exec}
     *     for exec
     */
    public static AgentRuntime create(CodexConfig config, String originator, Map<String, String> env) {
        return create(config, originator, env, HelperPrestarter.Start.WHEN_ASKED);
    }

    /**
     * Wires a runtime whose first sandbox helper starts {@code helperStart}: {@code exec} runs one prompt that nearly
     * always runs commands, so its helper starts at once, overlapping the session's start; a server's first helper
     * starts once its first turn has waited a while for the model ({@link
     * io.codexquarkus.agent.session.ToolRouter#awaitingModel}), not beside its start-up, {@code initialize} or quick
     * answers.
     */
    public static AgentRuntime create(
            CodexConfig config, String originator, Map<String, String> env, HelperPrestarter.Start helperStart) {
        AuthManager auth = AuthManager.create(config, env);
        ModelClient model =
                ModelClients.create(auth, ModelClientOptions.defaults().withEnvironment(env::get));
        SandboxManager sandbox = SandboxManager.forEnvironment(env);
        Optional<HelperPrestarter> helpers = "off".equals(env.get(HelperPrestarter.SWITCH))
                ? Optional.empty()
                : Optional.of(new HelperPrestarter(sandbox::helperLaunch));
        if (helperStart == HelperPrestarter.Start.AT_ONCE) {
            helpers.ifPresent(HelperPrestarter::prestart);
        }
        ProcessRunner runner = helpers.map(ProcessRunner::new).orElseGet(ProcessRunner::new);
        DefaultToolRouter tools = new DefaultToolRouter(sandbox, runner, env);
        ClientIdentity identity = new ClientIdentity(originator, ConfigDefaults.VERSION, Optional.empty());
        return new AgentRuntime(
                model,
                new SessionServices(model, tools, identity, env)
                        .withMcpServers(session -> startMcpServers(session, env)),
                auth,
                helpers);
    }

    /** The session's {@code [mcp_servers]}, started in parallel; an interrupted start leaves the session without them. */
    private static McpServerPool startMcpServers(CodexConfig session, Map<String, String> env) {
        try {
            return McpServers.start(session.mcpServers(), env, session.cwd());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return McpServerPool.empty();
        }
    }

    public SessionServices services() {
        return services;
    }

    public AuthManager auth() {
        return auth;
    }

    @Override
    public void close() {
        helpers.ifPresent(HelperPrestarter::close);
        modelClient.close();
    }
}
