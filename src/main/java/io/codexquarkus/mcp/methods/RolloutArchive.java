package io.codexquarkus.mcp.methods;

import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.mcp.server.McpException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code archiveConversation}'s file rules: the rollout must resolve (symlinks followed) to a file inside {@code
 * $CODEX_HOME/sessions} whose name ends with {@code <conversationId>.jsonl}, so a client cannot move arbitrary files;
 * it is moved, under the same name, to {@code $CODEX_HOME/archived_sessions/}.
 */
final class RolloutArchive {
    private RolloutArchive() {}

    /**
     * The real path of the rollout to archive.
     *
     * @throws McpException -32600 when it is outside the sessions directory or names another conversation
     */
    static Path checkedRolloutPath(ConfigRequest startup, String given, String conversationId) {
        Path sessions = startup.codexHome().sessionsDir();
        Path real;
        Path sessionsReal;
        try {
            real = startup.cwd().resolve(given).toRealPath();
            sessionsReal = sessions.toRealPath();
        } catch (IOException | RuntimeException e) {
            throw McpException.invalidRequest("rollout path `" + given + "` must be in sessions directory");
        }
        if (!real.startsWith(sessionsReal) || real.equals(sessionsReal) || !Files.isRegularFile(real)) {
            throw McpException.invalidRequest("rollout path `" + given + "` must be in sessions directory");
        }
        if (!real.getFileName().toString().endsWith(conversationId + ".jsonl")) {
            throw McpException.invalidRequest(
                    "rollout path `" + given + "` does not match conversation id " + conversationId);
        }
        return real;
    }

    /**
     * Moves the rollout into {@code archived_sessions/}.
     *
     * @throws McpException -32603 {@code failed to archive conversation: …}
     */
    static Path move(CodexHome home, Path rollout) {
        Path target = home.archivedSessionsDir().resolve(rollout.getFileName().toString());
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw McpException.internal("failed to archive conversation: " + target + " already exists");
            }
            try {
                Files.move(rollout, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(rollout, target);
            }
            return target;
        } catch (IOException e) {
            throw McpException.internal("failed to archive conversation: " + describe(e));
        }
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
