package io.codexquarkus.agent;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.rollout.RolloutReader;
import io.codexquarkus.agent.session.SessionFactory;
import io.codexquarkus.agent.session.SessionServices;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.CodexConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Creates conversations and finds them by id. Many run at once in one process; each has its own session thread and
 * rollout file.
 */
public final class ConversationManager {
    private final Supplier<SessionServices> services;
    private final Map<String, Codex> conversations = new ConcurrentHashMap<>();

    public ConversationManager(SessionServices services) {
        this.services = () -> services;
    }

    /** A manager whose default services are made on first use (the MCP server answers before they exist). */
    public ConversationManager(Supplier<SessionServices> services) {
        this.services = services;
    }

    /** A new conversation, its handle, and its first event. */
    public record NewConversation(String conversationId, Codex codex, EventMsg.SessionConfigured configured) {}

    public NewConversation newConversation(CodexConfig config) {
        return newConversation(config, services.get());
    }

    /** A new conversation with per-conversation services (e.g. an MCP client's user-agent suffix). */
    public NewConversation newConversation(CodexConfig config, SessionServices sessionServices) {
        return register(SessionFactory.create(config, sessionServices));
    }

    /** Resumes the conversation recorded in {@code rolloutPath}; its id stays the same. */
    public NewConversation resume(CodexConfig config, Path rolloutPath) {
        return resume(config, rolloutPath, services.get());
    }

    public NewConversation resume(CodexConfig config, Path rolloutPath, SessionServices sessionServices) {
        RolloutReader.Rollout rollout = RolloutReader.read(rolloutPath);
        Codex existing = conversations.get(rollout.conversationId());
        if (existing != null && !existing.isShutdown()) {
            throw CodexException.failure("conversation " + rollout.conversationId() + " is already running");
        }
        return register(SessionFactory.resume(config, sessionServices, rollout));
    }

    public Optional<Codex> get(String conversationId) {
        return Optional.ofNullable(conversations.get(conversationId));
    }

    public void remove(String conversationId) {
        conversations.remove(conversationId);
    }

    public Map<String, Codex> all() {
        return Map.copyOf(conversations);
    }

    private NewConversation register(SessionFactory.Started started) {
        Codex codex = new Codex(started.session());
        conversations.put(codex.conversationId(), codex);
        return new NewConversation(codex.conversationId(), codex, started.configured());
    }
}
