package io.codexquarkus.agent.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.rollout.TurnContextLine;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.ShellEnvironmentPolicy;
import io.codexquarkus.config.ToolsConfig;
import io.codexquarkus.config.Verbosity;
import io.codexquarkus.model.ModelFamily;
import io.codexquarkus.sandbox.SandboxPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

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
        Optional<JsonNode> outputSchema,
        ToolsConfig tools) {
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
                Optional.empty(),
                config.tools());
    }

    private static Optional<String> readInstructionsFile(CodexConfig config) {
        return config.experimentalInstructionsFile().map(path -> {
            try {
                String text = Files.readString(path);
                if (text.isBlank()) {
                    throw CodexException.usage("instructions file is empty: " + path);
                }
                return text;
            } catch (IOException e) {
                throw CodexException.usage("cannot read instructions file " + path + ": " + e.getMessage());
            }
        });
    }

    /** The {@code turn_context} line the rollout records when a task starts with this context. */
    TurnContextLine rolloutLine() {
        return new TurnContextLine(cwd.toString(), approvalPolicy, sandboxPolicy, model, effort.orElse(null), summary);
    }

    /** A copy with the changes {@code change} makes to a builder seeded from this context. */
    public TurnContext with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** The mutable twin of {@link TurnContext}, only for {@link #with}. */
    public static final class Builder {
        public Path cwd;
        public AskForApproval approvalPolicy;
        public SandboxPolicy sandboxPolicy;
        public String model;
        public ModelProviderInfo provider;
        public Optional<ReasoningEffort> effort;
        public ReasoningSummary summary;
        public Optional<Verbosity> verbosity;
        public Optional<String> baseInstructions;
        public Optional<String> developerInstructions;
        public ShellEnvironmentPolicy shellEnvironmentPolicy;
        public boolean showRawAgentReasoning;
        public boolean includePlanTool;
        public Optional<Boolean> includeApplyPatchTool;
        public Optional<Long> modelContextWindow;
        public boolean modelSupportsReasoningSummaries;
        public Optional<JsonNode> outputSchema;
        public ToolsConfig tools;

        Builder(TurnContext from) {
            cwd = from.cwd;
            approvalPolicy = from.approvalPolicy;
            sandboxPolicy = from.sandboxPolicy;
            model = from.model;
            provider = from.provider;
            effort = from.effort;
            summary = from.summary;
            verbosity = from.verbosity;
            baseInstructions = from.baseInstructions;
            developerInstructions = from.developerInstructions;
            shellEnvironmentPolicy = from.shellEnvironmentPolicy;
            showRawAgentReasoning = from.showRawAgentReasoning;
            includePlanTool = from.includePlanTool;
            includeApplyPatchTool = from.includeApplyPatchTool;
            modelContextWindow = from.modelContextWindow;
            modelSupportsReasoningSummaries = from.modelSupportsReasoningSummaries;
            outputSchema = from.outputSchema;
            tools = from.tools;
        }

        TurnContext build() {
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
                    outputSchema,
                    tools);
        }
    }
}
