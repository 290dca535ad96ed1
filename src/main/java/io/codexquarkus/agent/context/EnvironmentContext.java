package io.codexquarkus.agent.context;

import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.sandbox.SandboxPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code <environment_context>} message that tells the model where it runs. Fields that are absent are left out,
 * so the same renderer serves the full context at start and the changed fields after an override.
 */
public record EnvironmentContext(
        Optional<Path> cwd,
        Optional<AskForApproval> approvalPolicy,
        Optional<SandboxPolicy> sandboxPolicy,
        Optional<String> shell) {
    public static EnvironmentContext full(Path cwd, AskForApproval approval, SandboxPolicy sandbox, String shell) {
        return new EnvironmentContext(
                Optional.of(cwd), Optional.of(approval), Optional.of(sandbox), Optional.ofNullable(shell));
    }

    public String render() {
        List<String> lines = new ArrayList<>();
        lines.add("<environment_context>");
        cwd.ifPresent(c -> lines.add("  <cwd>" + c + "</cwd>"));
        approvalPolicy.ifPresent(a -> lines.add("  <approval_policy>" + a.wire() + "</approval_policy>"));
        sandboxPolicy.ifPresent(policy -> {
            lines.add("  <sandbox_mode>" + policy.mode().wire() + "</sandbox_mode>");
            lines.add("  <network_access>" + (policy.hasFullNetworkAccess() ? "enabled" : "restricted")
                    + "</network_access>");
            if (policy instanceof SandboxPolicy.WorkspaceWrite w
                    && !w.writableRoots().isEmpty()) {
                lines.add("  <writable_roots>");
                w.writableRoots().forEach(root -> lines.add("    <root>" + root + "</root>"));
                lines.add("  </writable_roots>");
            }
        });
        shell.ifPresent(s -> lines.add("  <shell>" + s + "</shell>"));
        lines.add("</environment_context>");
        return String.join("\n", lines);
    }

    /** The user's login shell by name ({@code bash}, {@code zsh}, …), from {@code $SHELL}. */
    public static String detectShell(Map<String, String> env) {
        String shell = env.getOrDefault("SHELL", "/bin/bash");
        String name = Path.of(shell).getFileName().toString();
        return name.isBlank() ? "bash" : name;
    }

    public static String userInstructionsMessage(String text) {
        return "<user_instructions>\n\n" + text + "\n\n</user_instructions>";
    }
}
