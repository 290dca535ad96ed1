package io.codexquarkus.agent.handlers;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.safety.SafetyCheck;
import io.codexquarkus.agent.safety.SafetyPolicy;
import io.codexquarkus.agent.session.ApprovalOutcome;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.agent.session.TurnContext;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.sandbox.WritableRoots;
import io.codexquarkus.tools.applypatch.ApplyPatchAction;
import io.codexquarkus.tools.applypatch.PatchApplier;
import io.codexquarkus.tools.applypatch.TurnDiffTracker;
import io.codexquarkus.tools.applypatch.WriteGuard;
import io.codexquarkus.tools.process.ExecOutput;
import io.codexquarkus.tools.process.ExecOutputFormatter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a verified patch as Codex does (the decision itself is {@code SafetyPolicy}'s): writes inside the writable roots go ahead (or
 * ask under {@code untrusted}), writes outside them ask (or are refused under {@code never}); {@code patch_apply_begin}
 * / {@code patch_apply_end} and the task's {@code turn_diff} are emitted around the write.
 *
 * <p>"Inside" is decided on real locations: the verified action carries every path resolved through symlinks (a link
 * in the workspace pointing outside makes the write an outside write), a {@code .git} or {@code .codex} of a root
 * counts as outside, and the write is held to exactly the locations that were checked.
 *
 * <p>The write happens in this process rather than in a sandboxed helper: an auto-approved patch has already been
 * checked to touch only paths the sandbox would allow, and an approved one runs unsandboxed anyway, so the result is
 * the same without a second JVM start.
 */
final class PatchHandler {
    private final SandboxManager sandbox;
    private final Map<String, String> processEnv;

    PatchHandler(SandboxManager sandbox, Map<String, String> processEnv) {
        this.sandbox = sandbox;
        this.processEnv = processEnv;
    }

    ShellHandler.Reply handle(String callId, ApplyPatchAction action, TaskScope scope) {
        TurnContext turn = scope.turn();
        boolean inside = action.writtenPaths().stream()
                .allMatch(path -> WritableRoots.isPathWritable(turn.sandboxPolicy(), path, turn.cwd(), processEnv));
        SafetyCheck check = SafetyPolicy.assessPatch(
                !action.isEmpty(), inside, turn.approvalPolicy(), turn.sandboxPolicy(), platformSandbox());
        return switch (check) {
            case SafetyCheck.Reject reject -> new ShellHandler.Reply("patch rejected: " + reject.reason(), false);
            case SafetyCheck.AskUser ask -> {
                ApprovalOutcome outcome = scope.requestApproval(
                        new EventMsg.ApplyPatchApprovalRequest(callId, action.changes(), null, null));
                if (!outcome.decision().approves()) {
                    yield new ShellHandler.Reply(
                            outcome.reason().map(r -> "patch rejected: " + r).orElse("patch rejected by user"), false);
                }
                yield apply(callId, action, false, scope);
            }
            case SafetyCheck.AutoApprove auto -> apply(callId, action, true, scope);
        };
    }

    private ShellHandler.Reply apply(String callId, ApplyPatchAction action, boolean autoApproved, TaskScope scope) {
        TurnDiffTracker tracker = scope.taskState(TurnDiffTracker.class, TurnDiffTracker::new);
        tracker.onPatchBegin(action);
        scope.emit(new EventMsg.PatchApplyBegin(callId, autoApproved, action.changes()));
        Instant start = Instant.now();
        // the write may touch only the real locations that were checked (and approved), whatever changed meanwhile
        PatchApplier.HelperResult result =
                PatchApplier.run(action.patch(), action.cwd(), WriteGuard.onlyTo(action.writtenPaths()));
        Duration took = Duration.between(start, Instant.now());
        scope.emit(new EventMsg.PatchApplyEnd(callId, result.stdout(), result.stderr(), result.exitCode() == 0));
        tracker.unifiedDiff().ifPresent(diff -> scope.emit(new EventMsg.TurnDiff(diff)));
        ExecOutput output = new ExecOutput(
                result.exitCode(),
                result.stdout(),
                result.stderr(),
                result.stdout() + result.stderr(),
                took,
                false,
                Optional.empty());
        return new ShellHandler.Reply(ExecOutputFormatter.formatForModel(output), result.exitCode() == 0);
    }

    private boolean platformSandbox() {
        try {
            return sandbox.platformSandbox() != SandboxType.NONE;
        } catch (CodexException e) {
            return false;
        }
    }
}
