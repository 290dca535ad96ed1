package io.codexquarkus.agent.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.ShellEnvironmentPolicy;
import io.codexquarkus.config.Verbosity;
import io.codexquarkus.model.ModelFamily;
import io.codexquarkus.sandbox.SandboxPolicy;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The settings a turn runs with. A session keeps one and replaces it on {@code user_turn} / {@code
 * override_turn_context}; every relative path from the model resolves against {@code cwd}.
 */
public record TurnContext(
        Path cwd,
        AskForApproval approvalPolicy,
        SandboxPolicy sandboxPolicy,
        String model,
        ModelProviderInfo provider,
        Optional<ReasoningEffort> effort,
        ReasoningSummary summary,
        Optional<Verbosity> verbosity,
        Optional<String> baseInstructions,
        Optional<String> developerInstructions,
        ShellEnvironmentPolicy shellEnvironmentPolicy,
        boolean showRawAgentReasoning,
        boolean includePlanTool,
        Optional<Boolean> includeApplyPatchTool,
        Optional<Long> modelContextWindow,
        boolean modelSupportsReasoningSummaries,
        Optional<JsonNode> outputSchema) {
    public static TurnContext from(CodexConfig config) {
        return new TurnContext(
                config.cwd(),
                config.approvalPolicy(),
                SandboxPolicy.from(config.sandboxMode(), config.sandboxWorkspaceWrite()),
                config.model(),
                config.modelProvider(),
                config.modelReasoningEffort(),
                config.modelReasoningSummary(),
                config.modelVerbosity(),
                config.baseInstructions().or(() -> readInstructionsFile(config)),
                config.developerInstructions(),
                config.shellEnvironmentPolicy(),
                config.showRawAgentReasoning(),
                config.includePlanTool().orElse(true),
                config.includeApplyPatchTool(),
                config.modelContextWindow()
                        .or(() -> ModelFamily.find(config.model()).contextWindow()),
                config.modelSupportsReasoningSummaries().orElse(false),
                Optional.empty());
    }

    private static Optional<String> readInstructionsFile(CodexConfig config) {
        return config.experimentalInstructionsFile().map(path -> {
            try {
                String text = java.nio.file.Files.readString(path);
                if (text.isBlank()) {
                    throw io.codexquarkus.common.CodexException.usage("instructions file is empty: " + path);
                }
                return text;
            } catch (java.io.IOException e) {
                throw io.codexquarkus.common.CodexException.usage(
                        "cannot read instructions file " + path + ": " + e.getMessage());
            }
        });
    }

    public TurnContext withCwd(Path value) {
        return new TurnContext(
                value,
                approvalPolicy,
                sandboxPolicy,
                model,
                provider,
                effort,
                summary,
                verbosity,
                baseInstructions,
                developerInstructions,
                shellEnvironmentPolicy,
                showRawAgentReasoning,
                includePlanTool,
                includeApplyPatchTool,
                modelContextWindow,
                modelSupportsReasoningSummaries,
                outputSchema);
    }

    public TurnContext withApprovalPolicy(AskForApproval value) {
        return new TurnContext(
                cwd,
                value,
                sandboxPolicy,
                model,
                provider,
                effort,
                summary,
                verbosity,
                baseInstructions,
                developerInstructions,
                shellEnvironmentPolicy,
                showRawAgentReasoning,
                includePlanTool,
                includeApplyPatchTool,
                modelContextWindow,
                modelSupportsReasoningSummaries,
                outputSchema);
    }

    public TurnContext withSandboxPolicy(SandboxPolicy value) {
        return new TurnContext(
                cwd,
                approvalPolicy,
                value,
                model,
                provider,
                effort,
                summary,
                verbosity,
                baseInstructions,
                developerInstructions,
                shellEnvironmentPolicy,
                showRawAgentReasoning,
                includePlanTool,
                includeApplyPatchTool,
                modelContextWindow,
                modelSupportsReasoningSummaries,
                outputSchema);
    }

    public TurnContext withModel(String value) {
        return new TurnContext(
                cwd,
                approvalPolicy,
                sandboxPolicy,
                value,
                provider,
                effort,
                summary,
                verbosity,
                baseInstructions,
                developerInstructions,
                shellEnvironmentPolicy,
                showRawAgentReasoning,
                includePlanTool,
                includeApplyPatchTool,
                modelContextWindow,
                modelSupportsReasoningSummaries,
                outputSchema);
    }

    public TurnContext withEffort(Optional<ReasoningEffort> value) {
        return new TurnContext(
                cwd,
                approvalPolicy,
                sandboxPolicy,
                model,
                provider,
                value,
                summary,
                verbosity,
                baseInstructions,
                developerInstructions,
                shellEnvironmentPolicy,
                showRawAgentReasoning,
                includePlanTool,
                includeApplyPatchTool,
                modelContextWindow,
                modelSupportsReasoningSummaries,
                outputSchema);
    }

    public TurnContext withSummary(ReasoningSummary value) {
        return new TurnContext(
                cwd,
                approvalPolicy,
                sandboxPolicy,
                model,
                provider,
                effort,
                value,
                verbosity,
                baseInstructions,
                developerInstructions,
                shellEnvironmentPolicy,
                showRawAgentReasoning,
                includePlanTool,
                includeApplyPatchTool,
                modelContextWindow,
                modelSupportsReasoningSummaries,
                outputSchema);
    }

    public TurnContext withOutputSchema(Optional<JsonNode> value) {
        return new TurnContext(
                cwd,
                approvalPolicy,
                sandboxPolicy,
                model,
                provider,
                effort,
                summary,
                verbosity,
                baseInstructions,
                developerInstructions,
                shellEnvironmentPolicy,
                showRawAgentReasoning,
                includePlanTool,
                includeApplyPatchTool,
                modelContextWindow,
                modelSupportsReasoningSummaries,
                value);
    }
}
