package io.codexquarkus.agent.session;

import io.codexquarkus.agent.context.EnvironmentContext;
import io.codexquarkus.agent.context.ProjectDocs;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.rollout.RolloutReader;
import io.codexquarkus.agent.rollout.RolloutRecorder;
import io.codexquarkus.agent.rollout.SessionMeta;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Ids;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigDefaults;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.tools.git.GitInfoReader;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Starts sessions: new ones with their initial context, and resumed ones from a rollout file. */
public final class SessionFactory {
    private SessionFactory() {}

    /** A started session and its first event, {@code session_configured}. */
    public record Started(Session session, EventMsg.SessionConfigured configured) {}

    public static Started create(CodexConfig config, SessionServices services) {
        requireDirectory(config);
        String id = Ids.newThreadId();
        TurnContext turn = TurnContext.from(config);
        Optional<String> userInstructions =
                ProjectDocs.userInstructions(config.codexHome(), config.cwd(), config.projectDocMaxBytes());
        SessionMeta meta = new SessionMeta(
                id,
                RolloutRecorder.timestamp(Instant.now()),
                config.cwd().toString(),
                services.identity().originator(),
                ConfigDefaults.VERSION,
                userInstructions.orElse(null),
                GitInfoReader.read(config.cwd())
                        .map(git -> new SessionMeta.GitInfo(git.commitHash(), git.branch(), git.repositoryUrl()))
                        .orElse(null));
        RolloutRecorder rollout = RolloutRecorder.create(config.codexHome(), id, Instant.now(), meta);
        List<ResponseItem> initial = new ArrayList<>();
        turn.developerInstructions().ifPresent(text -> initial.add(ResponseItem.Message.developer(text)));
        userInstructions.ifPresent(
                text -> initial.add(ResponseItem.Message.user(EnvironmentContext.userInstructionsMessage(text))));
        initial.add(ResponseItem.Message.user(EnvironmentContext.full(
                        turn.cwd(),
                        turn.approvalPolicy(),
                        turn.sandboxPolicy(),
                        EnvironmentContext.detectShell(services.env()))
                .render()));
        rollout.recordItems(initial);
        McpStartup.Started mcp = McpStartup.start(config, services);
        Session session = new Session(id, config, services, turn, rollout, initial, mcp.pool());
        Started started = new Started(session, configured(session, config, turn, null));
        McpStartup.report(session, mcp);
        return started;
    }

    /** Resumes the session recorded in {@code rollout}: same id, same file, its history sent again. */
    public static Started resume(CodexConfig config, SessionServices services, RolloutReader.Rollout rollout) {
        requireDirectory(config);
        TurnContext turn = TurnContext.from(config);
        RolloutRecorder recorder = RolloutRecorder.append(rollout.path());
        McpStartup.Started mcp = McpStartup.start(config, services);
        Session session =
                new Session(rollout.conversationId(), config, services, turn, recorder, rollout.history(), mcp.pool());
        Started started = new Started(session, configured(session, config, turn, rollout.events()));
        McpStartup.report(session, mcp);
        return started;
    }

    private static EventMsg.SessionConfigured configured(
            Session session, CodexConfig config, TurnContext turn, List<EventMsg> initialMessages) {
        MessageHistory.Metadata history = MessageHistory.metadata(config);
        EventMsg.SessionConfigured configured = new EventMsg.SessionConfigured(
                session.conversationId(),
                turn.model(),
                turn.provider().id(),
                turn.approvalPolicy(),
                turn.sandboxPolicy(),
                turn.cwd().toString(),
                turn.effort().map(e -> e.wire()).orElse(null),
                history.logId(),
                history.entryCount(),
                initialMessages == null || initialMessages.isEmpty() ? null : List.copyOf(initialMessages),
                session.rolloutPath().toString());
        session.emit("", configured);
        return configured;
    }

    private static void requireDirectory(CodexConfig config) {
        if (!Files.isDirectory(config.cwd())) {
            throw CodexException.usage("working directory does not exist: " + config.cwd());
        }
    }
}
