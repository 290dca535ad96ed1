package io.codexquarkus.agent.handlers;

import io.codexquarkus.config.AskForApproval;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Escalated commands the user approved for the rest of the session. As upstream keys such approvals by command,
 * working directory and sandbox permissions, an answer covers only the same argv asking for escalation again in the
 * same directory: the same command without escalation still runs in the sandbox, and elsewhere it asks again.
 */
final class EscalatedCommands {
    private record Key(List<String> argv, Path cwd) {}

    private final Set<Key> approved = ConcurrentHashMap.newKeySet();

    boolean isApproved(List<String> argv, Path cwd) {
        return approved.contains(new Key(List.copyOf(argv), cwd));
    }

    void approve(List<String> argv, Path cwd) {
        approved.add(new Key(List.copyOf(argv), cwd));
    }

    /**
     * What the model is told when it asks for escalation under a policy that does not offer it; upstream's words,
     * with the policy named as upstream prints it, because models are trained on this reply.
     */
    static String refusal(AskForApproval approval) {
        String policy = switch (approval) {
            case UNTRUSTED -> "UnlessTrusted";
            case ON_FAILURE -> "OnFailure";
            case ON_REQUEST -> "OnRequest";
            case NEVER -> "Never";
        };
        return "approval policy is " + policy
                + "; reject command — you should not ask for escalated permissions if the approval policy is "
                + policy;
    }
}
