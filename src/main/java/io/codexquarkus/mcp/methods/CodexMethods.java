package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.ClientCommands;
import io.codexquarkus.agent.ConversationManager;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.server.MethodHandler;
import io.codexquarkus.mcp.server.RequestContext;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Codex's own JSON-RPC methods on the MCP connection (the 2025 "mcp-protocol", 0.34-era names and shapes): the
 * conversation API ({@code newConversation}, {@code sendUserMessage}, {@code sendUserTurn}, {@code
 * interruptConversation}, {@code add/removeConversationListener}, {@code listConversations}, {@code
 * resumeConversation}, {@code archiveConversation}), configuration ({@code getUserSavedConfig}, {@code
 * setDefaultModel}, {@code getUserAgent}), tooling ({@code gitDiffToRemote}, {@code execOneOffCommand}) and auth
 * ({@code getAuthStatus}, {@code loginApiKey}, {@code loginChatGpt}, {@code cancelLoginChatGpt}, {@code
 * logoutChatGpt}/{@code logout}, {@code userInfo}). One instance per connection; {@link #close()} when it ends.
 */
public final class CodexMethods implements AutoCloseable {
    private final ConfigRequest startup;
    private final ConversationMethods conversations;
    private final ConfigMethods config;
    private final ToolingMethods tooling;
    private final AuthMethods auth;

    /**
     * Wires the methods.
     *
     * @param startup the server's own configuration request (home, cwd, startup {@code -c} and {@code -p})
     * @param services what new conversations use (with the client's user-agent suffix)
     * @param userAgent the string {@code serverInfo.user_agent} shows, client suffix included
     * @param processEnv the server's environment: commands inherit from it, {@code OPENAI_API_KEY} is read from it
     */
    public CodexMethods(
            ConversationManager manager,
            ConfigRequest startup,
            Supplier<SessionServices> services,
            Supplier<String> userAgent,
            Map<String, String> processEnv) {
        this.startup = startup;
        this.conversations = new ConversationMethods(manager, startup, services);
        this.config = new ConfigMethods(startup, userAgent);
        this.tooling = new ToolingMethods(startup, new ClientCommands(processEnv));
        this.auth = new AuthMethods(startup, processEnv);
    }

    /** Adds every method to the connection's method table. */
    public void register(Map<String, MethodHandler> methods) {
        conversations.register(methods);
        methods.put("listConversations", this::listConversations);
        config.register(methods);
        tooling.register(methods);
        auth.register(methods);
    }

    /**
     * Whether the conversation API drives this conversation (it is the only reader of its events). The {@code
     * codex-reply} tool must not run turns on such a conversation: the two readers would split its events.
     */
    public boolean drives(String conversationId) {
        return conversations.drives(conversationId);
    }

    private JsonNode listConversations(RequestContext request) {
        return ConversationList.list(startup.codexHome(), Params.of(request));
    }

    /** Stops the conversation event readers, cancels a running ChatGPT login and closes the login server's Vert.x. */
    @Override
    public void close() {
        conversations.close();
        auth.close();
    }
}
