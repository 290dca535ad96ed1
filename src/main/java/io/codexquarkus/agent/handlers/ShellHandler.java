package io.codexquarkus.agent.handlers;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ExecDuration;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.agent.safety.CommandClassifier;
import io.codexquarkus.agent.safety.SafetyCheck;
import io.codexquarkus.agent.safety.SafetyPolicy;
import io.codexquarkus.agent.session.ApprovalOutcome;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.agent.session.TurnContext;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.tools.command.CommandSummaries;
import io.codexquarkus.tools.process.ExecOutput;
import io.codexquarkus.tools.process.ExecOutputFormatter;
import io.codexquarkus.tools.process.ExecRequest;
import io.codexquarkus.tools.process.OutputListener;
import io.codexquarkus.tools.process.SandboxDenial;
import io.codexquarkus.tools.process.SandboxedExec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Runs one {@code shell} call as Codex does: decide (run sandboxed, run unsandboxed, ask,
 * refuse), run with streamed output events, and turn the result — or a sandbox denial, with a retry offer under
 * {@code untrusted}/{@code on-failure} — into the text the model reads.
 */
final class ShellHandler {
    private final SandboxedExec exec;
    private final CommandClassifier classifier;

    ShellHandler(SandboxedExec exec, CommandClassifier classifier) {
        this.exec = exec;
        this.classifier = classifier;
    }

    /** The reply to the model, and whether the command succeeded. */
    record Reply(String output, boolean success) {}

    Reply handle(String callId, ShellParams params, Path cwd, TaskScope scope) {
        TurnContext turn = scope.turn();
        List<String> argv = params.command();
        SandboxType platform = exec.platformSandbox();
        EscalatedCommands escalated = scope.sessionState(EscalatedCommands.class, EscalatedCommands::new);
        if (params.requiresEscalation() && escalated.isApproved(argv, cwd)) {
            // approved for the session: the same escalated command in the same directory runs unasked, unsandboxed
            return formatted(run(callId, argv, cwd, params, SandboxType.NONE, scope));
        }
        SafetyCheck check = SafetyPolicy.assessCommand(
                argv,
                turn.approvalPolicy(),
                turn.sandboxPolicy(),
                scope.approvedCommands(),
                params.requiresEscalation(),
                platform != SandboxType.NONE,
                classifier);
        return switch (check) {
            case SafetyCheck.Reject reject -> new Reply("exec command rejected: " + reject.reason(), false);
            case SafetyCheck.AskUser ask -> {
                ApprovalOutcome outcome = scope.requestApproval(new EventMsg.ExecApprovalRequest(
                        callId, argv, cwd.toString(), params.justification().orElse(null)));
                if (!outcome.decision().approves()) {
                    yield rejected(outcome);
                }
                if (outcome.decision() == ReviewDecision.APPROVED_FOR_SESSION) {
                    if (params.requiresEscalation()) {
                        escalated.approve(argv, cwd);
                    } else {
                        scope.approvedCommands().add(argv);
                    }
                }
                yield formatted(run(callId, argv, cwd, params, SandboxType.NONE, scope));
            }
            case SafetyCheck.AutoApprove auto -> {
                SandboxType type = auto.sandboxed() ? platform : SandboxType.NONE;
                ExecOutput output = run(callId, argv, cwd, params, type, scope);
                if (type != SandboxType.NONE
                        && output.exitCode() != 0
                        && !output.timedOut()
                        && !scope.cancellation().isCancelled()
                        && SandboxDenial.isLikelyDenied(output)) {
                    yield sandboxDenied(callId, argv, cwd, params, type, output, scope);
                }
                yield formatted(output);
            }
        };
    }

    /** A command the sandbox stopped: tell the model, or (untrusted / on-failure) offer the user a retry without the sandbox. */
    private Reply sandboxDenied(
            String callId,
            List<String> argv,
            Path cwd,
            ShellParams params,
            SandboxType type,
            ExecOutput output,
            TaskScope scope) {
        String error = "sandbox denied exec error, exit code: " + output.exitCode() + ", stdout: " + output.stdout()
                + ", stderr: " + output.stderr();
        AskForApproval approval = scope.turn().approvalPolicy();
        if (approval == AskForApproval.NEVER || approval == AskForApproval.ON_REQUEST) {
            return new Reply("failed in sandbox " + type.displayName() + " with execution error: " + error, false);
        }
        scope.emit(new EventMsg.BackgroundEvent("Execution failed: " + error));
        ApprovalOutcome outcome = scope.requestApproval(new EventMsg.ExecApprovalRequest(
                callId, argv, cwd.toString(), "command failed; retry without sandbox?"));
        if (!outcome.decision().approves()) {
            return rejected(outcome);
        }
        scope.approvedCommands().add(argv);
        scope.emit(new EventMsg.BackgroundEvent("retrying command without sandbox"));
        return formatted(run(callId, argv, cwd, params, SandboxType.NONE, scope), "retry failed: ");
    }

    private static Reply rejected(ApprovalOutcome outcome) {
        return new Reply(
                outcome.reason()
                        .map(reason -> "exec command rejected: " + reason)
                        .orElse("exec command rejected by user"),
                false);
    }

    private static Reply formatted(ExecOutput output) {
        return formatted(output, "execution error: ");
    }

    /** The model's reply: the formatted output, or {@code <errorPrefix><error>} when the command never started. */
    private static Reply formatted(ExecOutput output, String errorPrefix) {
        if (output.exitCode() == ExecOutput.SPAWN_FAILURE_EXIT_CODE) {
            return new Reply(errorPrefix + output.stderr(), false);
        }
        return new Reply(ExecOutputFormatter.formatForModel(output), output.exitCode() == 0);
    }

    private ExecOutput run(
            String callId, List<String> argv, Path cwd, ShellParams params, SandboxType type, TaskScope scope) {
        TurnContext turn = scope.turn();
        scope.emit(new EventMsg.ExecCommandBegin(callId, argv, cwd.toString(), CommandSummaries.summarise(argv)));
        ExecOutput output;
        try {
            OutputListener listener = (stream, chunk) -> scope.emit(new EventMsg.ExecCommandOutputDelta(
                    callId, stream.wire(), Base64.getEncoder().encodeToString(chunk)));
            output = exec.run(new SandboxedExec.Request(
                    type,
                    turn.sandboxPolicy(),
                    turn.cwd(),
                    cwd,
                    argv,
                    turn.shellEnvironmentPolicy(),
                    ExecRequest.timeoutFromMillis(params.timeoutMs().orElse(null)),
                    scope.cancellation(),
                    new SandboxedExec.Output.Captured(listener)));
        } catch (CodexException e) {
            // includes ExecSpawnException: the program is missing or cannot start
            output = ExecOutput.spawnFailure(e.getMessage(), Duration.ZERO);
        }
        scope.emit(new EventMsg.ExecCommandEnd(
                callId,
                output.stdout(),
                output.stderr(),
                output.aggregatedOutput(),
                output.exitCode(),
                ExecDuration.of(output.duration()),
                ExecOutputFormatter.formatOutput(output)));
        return output;
    }
}
