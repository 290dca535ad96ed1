package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.safety.CommandClassifier;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.agent.session.ToolRouter;
import io.codexquarkus.agent.session.TurnContext;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.tools.applypatch.ApplyPatchTool;
import io.codexquarkus.tools.applypatch.PatchVerifier;
import io.codexquarkus.tools.applypatch.TurnDiffTracker;
import io.codexquarkus.tools.applypatch.VerifiedInvocation;
import io.codexquarkus.tools.command.DangerousCommands;
import io.codexquarkus.tools.command.SafeCommands;
import io.codexquarkus.tools.image.ViewImageTool;
import io.codexquarkus.tools.mcp.McpServerPool;
import io.codexquarkus.tools.plan.UpdatePlanArgs;
import io.codexquarkus.tools.plan.UpdatePlanTool;
import io.codexquarkus.tools.process.ProcessRunner;
import io.codexquarkus.tools.process.SandboxedExec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Codex's tools: {@code shell} (and {@code container.exec}, {@code local_shell_call}), {@code apply_patch} (function,
 * freeform, or through the shell), {@code update_plan} and {@code view_image}. Anything else gets Codex's "unsupported" reply.
 */
public final class DefaultToolRouter implements ToolRouter {
    private static final CommandClassifier CLASSIFIER = new CommandClassifier() {
        @Override
        public boolean isKnownSafe(List<String> argv) {
            return SafeCommands.isKnownSafe(argv);
        }

        @Override
        public boolean isDangerous(List<String> argv) {
            return DangerousCommands.mightBeDangerous(argv);
        }
    };

    /** How long the model must have been answering before a sandbox helper is started ahead of its commands. */
    static final Duration MODEL_THINKING = Duration.ofMillis(250);

    private final SandboxedExec commands;
    private final ShellHandler shell;
    private final PatchHandler patch;
    private final ViewImageHandler viewImage = new ViewImageHandler();

    public DefaultToolRouter(SandboxManager sandbox, ProcessRunner runner, Map<String, String> processEnv) {
        this.commands = new SandboxedExec(sandbox, runner, processEnv);
        this.shell = new ShellHandler(commands, CLASSIFIER);
        this.patch = new PatchHandler(sandbox, processEnv);
    }

    @Override
    public List<JsonNode> toolSpecs(TurnContext turn) {
        return ToolSpecs.forTurn(turn);
    }

    @Override
    public List<JsonNode> toolSpecs(TurnContext turn, McpServerPool mcpServers) {
        List<JsonNode> tools = new ArrayList<>(ToolSpecs.forTurn(turn));
        tools.addAll(McpToolSpecs.specs(turn.provider().wireApi(), mcpServers.tools()));
        return tools;
    }

    /**
     * A sandbox helper starts while the model thinks, so that the turn's first command finds one waiting (every
     * command goes through a helper, even an unsandboxed one, for its process group). Only once the model has taken
     * {@link #MODEL_THINKING} without finishing its answer: a quick answer, nearly always one without a command, is
     * then not slowed by a helper starting beside it, and a model that calls a tool has spent longer than that.
     */
    @Override
    public Runnable awaitingModel(TurnContext turn) {
        return commands.prestartHelperAfter(MODEL_THINKING);
    }

    @Override
    public Optional<ResponseItem> handle(ResponseItem item, TaskScope scope) {
        return switch (item) {
            case ResponseItem.FunctionCall call ->
                McpToolHandler.handle(call, scope).or(() -> Optional.of(function(call, scope)));
            case ResponseItem.CustomToolCall call -> Optional.of(custom(call, scope));
            case ResponseItem.LocalShellCall call -> Optional.of(localShell(call, scope));
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<String> turnDiff(TaskScope scope) {
        return scope.taskState(TurnDiffTracker.class, TurnDiffTracker::new).unifiedDiff();
    }

    private ResponseItem function(ResponseItem.FunctionCall call, TaskScope scope) {
        ShellHandler.Reply reply = switch (call.name()) {
            case "shell", "container.exec" -> {
                try {
                    yield shellCall(call.callId(), ShellParams.parse(call.arguments()), scope);
                } catch (ShellParams.Invalid e) {
                    yield new ShellHandler.Reply("failed to parse function arguments: " + e.getMessage(), false);
                }
            }
            case ApplyPatchTool.NAME -> {
                try {
                    String input = ApplyPatchTool.parseFunctionArguments(call.arguments());
                    yield shellCall(call.callId(), ShellParams.plain(List.of("apply_patch", input)), scope);
                } catch (IllegalArgumentException e) {
                    yield new ShellHandler.Reply(e.getMessage(), false);
                }
            }
            case UpdatePlanTool.NAME -> plan(call.arguments(), scope);
            case ViewImageTool.NAME -> viewImage.handle(call.arguments(), scope);
            default -> new ShellHandler.Reply("unsupported call: " + call.name(), false);
        };
        return ResponseItem.FunctionCallOutput.of(call.callId(), reply.output(), reply.success());
    }

    private ResponseItem custom(ResponseItem.CustomToolCall call, TaskScope scope) {
        if (!ApplyPatchTool.NAME.equals(call.name())) {
            return new ResponseItem.CustomToolCallOutput(call.callId(), "unsupported custom tool call: " + call.name());
        }
        ShellHandler.Reply reply =
                shellCall(call.callId(), ShellParams.plain(List.of("apply_patch", call.input())), scope);
        return new ResponseItem.CustomToolCallOutput(call.callId(), reply.output());
    }

    private ResponseItem localShell(ResponseItem.LocalShellCall call, TaskScope scope) {
        String callId = call.callId() != null ? call.callId() : call.id();
        if (callId == null) {
            return ResponseItem.FunctionCallOutput.of("", "LocalShellCall without call_id or id", false);
        }
        if (call.action() == null) {
            return ResponseItem.FunctionCallOutput.of(
                    callId, "failed to parse function arguments: missing action", false);
        }
        ShellHandler.Reply reply = shellCall(callId, ShellParams.of(call.action()), scope);
        return ResponseItem.FunctionCallOutput.of(callId, reply.output(), reply.success());
    }

    /** A shell call: a disguised apply_patch goes to the patch path, everything else runs as a command. */
    private ShellHandler.Reply shellCall(String callId, ShellParams params, TaskScope scope) {
        if (params.command().isEmpty()) {
            return new ShellHandler.Reply("failed to parse function arguments: command must not be empty", false);
        }
        AskForApproval approval = scope.turn().approvalPolicy();
        if (params.requiresEscalation() && approval != AskForApproval.ON_REQUEST) {
            // only on-request offers escalation; elsewhere the model is told off before anything runs, as upstream
            return new ShellHandler.Reply(EscalatedCommands.refusal(approval), false);
        }
        Path cwd = params.workdir()
                .map(dir -> scope.turn().cwd().resolve(dir).normalize())
                .orElse(scope.turn().cwd());
        VerifiedInvocation verified = PatchVerifier.verify(params.command(), cwd);
        return switch (verified) {
            case VerifiedInvocation.Verified v -> patch.handle(callId, v.action(), scope);
            case VerifiedInvocation.CorrectnessError error ->
                new ShellHandler.Reply("error: " + error.message(), false);
            case VerifiedInvocation.NotApplyPatch not -> shell.handle(callId, params, cwd, scope);
        };
    }

    private ShellHandler.Reply plan(String arguments, TaskScope scope) {
        try {
            UpdatePlanArgs args = UpdatePlanTool.parseArguments(arguments);
            scope.emit(new EventMsg.PlanUpdate(args.explanation().orElse(null), args.plan()));
            return new ShellHandler.Reply(UpdatePlanTool.PLAN_UPDATED, true);
        } catch (IllegalArgumentException e) {
            return new ShellHandler.Reply(e.getMessage(), false);
        }
    }
}
