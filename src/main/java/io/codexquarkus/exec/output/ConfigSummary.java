package io.codexquarkus.exec.output;

import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.SandboxMode;
import io.codexquarkus.config.SandboxWorkspaceWrite;
import io.codexquarkus.config.WireApi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The key/value lines {@code exec} prints before a run (human header and the JSON summary share them). */
public final class ConfigSummary {
    private ConfigSummary() {}

    public static Map<String, String> entries(CodexConfig config) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("workdir", config.cwd().toString());
        entries.put("model", config.model());
        entries.put("provider", config.modelProviderId());
        entries.put("approval", config.approvalPolicy().wire());
        entries.put("sandbox", sandbox(config));
        if (config.modelProvider().wireApi() == WireApi.RESPONSES) {
            entries.put(
                    "reasoning effort",
                    config.modelReasoningEffort().map(e -> e.wire()).orElse("none"));
            entries.put("reasoning summaries", config.modelReasoningSummary().wire());
        }
        return entries;
    }

    /** {@code read-only}, {@code danger-full-access}, or {@code workspace-write [workdir, /tmp, $TMPDIR, …]}. */
    public static String sandbox(CodexConfig config) {
        if (config.sandboxMode() != SandboxMode.WORKSPACE_WRITE) {
            return config.sandboxMode().wire();
        }
        SandboxWorkspaceWrite settings = config.sandboxWorkspaceWrite();
        List<String> roots = new ArrayList<>();
        roots.add("workdir");
        if (!settings.excludeSlashTmp()) {
            roots.add("/tmp");
        }
        if (!settings.excludeTmpdirEnvVar()) {
            roots.add("$TMPDIR");
        }
        roots.addAll(settings.writableRoots());
        return "workspace-write [" + String.join(", ", roots) + "]"
                + (settings.networkAccess() ? " (network access enabled)" : "");
    }
}
