package io.codexquarkus.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The effective configuration of one command or session, after every layer (built-in defaults, config.toml, the
 * selected profile, {@code -c} overrides, typed flags). Immutable; built by {@link ConfigLoader}.
 *
 * @param modelProvider the provider {@code model_provider} names, resolved from {@code modelProviders}
 * @param mcpServers the {@code [mcp_servers.<name>]} entries, sorted by name (disabled ones included)
 */
public record CodexConfig(
        CodexHome codexHome,
        Path cwd,
        Optional<String> profile,
        String model,
        String modelProviderId,
        ModelProviderInfo modelProvider,
        Map<String, ModelProviderInfo> modelProviders,
        AskForApproval approvalPolicy,
        SandboxMode sandboxMode,
        SandboxWorkspaceWrite sandboxWorkspaceWrite,
        ShellEnvironmentPolicy shellEnvironmentPolicy,
        Optional<ReasoningEffort> modelReasoningEffort,
        ReasoningSummary modelReasoningSummary,
        Optional<Verbosity> modelVerbosity,
        Optional<Boolean> modelSupportsReasoningSummaries,
        Optional<Long> modelContextWindow,
        Optional<Long> modelMaxOutputTokens,
        Optional<Long> modelAutoCompactTokenLimit,
        AuthMethod preferredAuthMethod,
        boolean hideAgentReasoning,
        boolean showRawAgentReasoning,
        List<String> notifyCommand,
        Optional<String> instructions,
        Optional<String> baseInstructions,
        Optional<String> developerInstructions,
        Optional<String> compactPrompt,
        Optional<Path> experimentalInstructionsFile,
        long projectDocMaxBytes,
        HistoryConfig history,
        FileOpener fileOpener,
        ToolsConfig tools,
        boolean disableResponseStorage,
        Optional<Boolean> includePlanTool,
        Optional<Boolean> includeApplyPatchTool,
        String chatgptBaseUrl,
        McpServerSettings mcpServer,
        AuthSettings auth,
        Map<String, McpServerConfig> mcpServers) {
    public CodexConfig {
        mcpServers = Collections.unmodifiableMap(new TreeMap<>(mcpServers));
        modelProviders = Collections.unmodifiableMap(new LinkedHashMap<>(modelProviders));
        notifyCommand = List.copyOf(notifyCommand);
    }
}
