package io.codexquarkus.agent.safety;

import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.sandbox.SandboxPolicy;
import java.util.List;
import java.util.Set;

/**
 * Codex's decision table (see docs/ARCHITECTURE.md, "Events and approvals"): approval policy × sandbox policy × what is known about the command
 * or patch → run sandboxed, run unsandboxed, ask, or refuse. Pure: no I/O, no state.
 */
public final class SafetyPolicy {
    static final String NOT_TRUSTED = "auto-rejected because command is not on trusted list";
    static final String OUTSIDE_PROJECT = "writing outside of the project; rejected by user approval settings";

    private SafetyPolicy() {}

    /**
     * The verdict on a shell command.
     *
     * @param approvedForSession exact argv vectors the user approved for the session
     * @param escalated the model asked to run without the sandbox ({@code sandbox_permissions: require_escalated})
     * @param platformSandbox a sandbox exists on this host (Landlock+seccomp, Seatbelt)
     */
    public static SafetyCheck assessCommand(
            List<String> argv,
            AskForApproval approval,
            SandboxPolicy sandbox,
            Set<List<String>> approvedForSession,
            boolean escalated,
            boolean platformSandbox,
            CommandClassifier classifier) {
        boolean approved = approvedForSession.contains(argv);
        if (!approved
                && (approval == AskForApproval.UNTRUSTED || approval == AskForApproval.ON_REQUEST)
                && classifier.isDangerous(argv)) {
            return new SafetyCheck.AskUser();
        }
        if (approved || classifier.isKnownSafe(argv)) {
            return new SafetyCheck.AutoApprove(false);
        }
        boolean fullAccess = sandbox instanceof SandboxPolicy.DangerFullAccess;
        return switch (approval) {
            case UNTRUSTED -> new SafetyCheck.AskUser();
            case ON_FAILURE -> fullAccess ? new SafetyCheck.AutoApprove(false) : sandboxedOrAsk(platformSandbox);
            case ON_REQUEST -> {
                if (fullAccess) {
                    yield new SafetyCheck.AutoApprove(false);
                }
                yield escalated ? new SafetyCheck.AskUser() : sandboxedOrAsk(platformSandbox);
            }
            case NEVER -> {
                if (fullAccess) {
                    yield new SafetyCheck.AutoApprove(false);
                }
                yield platformSandbox ? new SafetyCheck.AutoApprove(true) : new SafetyCheck.Reject(NOT_TRUSTED);
            }
        };
    }

    /**
     * The verdict on a patch.
     *
     * @param insideWritableRoots every changed path (move destinations included) lies in a writable root
     */
    public static SafetyCheck assessPatch(
            boolean hasChanges,
            boolean insideWritableRoots,
            AskForApproval approval,
            SandboxPolicy sandbox,
            boolean platformSandbox) {
        if (!hasChanges) {
            return new SafetyCheck.Reject("empty patch");
        }
        if (approval == AskForApproval.UNTRUSTED) {
            return new SafetyCheck.AskUser();
        }
        if (sandbox instanceof SandboxPolicy.DangerFullAccess) {
            return new SafetyCheck.AutoApprove(false);
        }
        if (insideWritableRoots) {
            return platformSandbox ? new SafetyCheck.AutoApprove(true) : new SafetyCheck.AskUser();
        }
        if (approval == AskForApproval.NEVER) {
            return new SafetyCheck.Reject(OUTSIDE_PROJECT);
        }
        return new SafetyCheck.AskUser();
    }

    private static SafetyCheck sandboxedOrAsk(boolean platformSandbox) {
        return platformSandbox ? new SafetyCheck.AutoApprove(true) : new SafetyCheck.AskUser();
    }
}
