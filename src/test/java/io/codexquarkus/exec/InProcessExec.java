package io.codexquarkus.exec;

import io.codexquarkus.agent.AgentRuntime;
import io.codexquarkus.agent.ConversationManager;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLayer;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigOverride;
import io.codexquarkus.config.ConfigRequest;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs {@link ExecRunner} in this JVM as {@code ExecCommand} wires it (approval {@code never}, the {@code codex_exec}
 * originator), with the home's config.toml, stdin from a string and stdout/stderr captured.
 */
final class InProcessExec {
    private InProcessExec() {}

    /** What one run printed. */
    record Run(int exitCode, String stdout, String stderr) {}

    static ExecOptions options(String prompt) {
        return new ExecOptions(
                Optional.ofNullable(prompt), List.of(), false, Optional.empty(), false, true, Optional.empty());
    }

    static Run run(Path home, Path work, ExecOptions options, String stdin) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(CodexHome.ENV, home.toString());
        ConfigLayer.Overrides flags =
                new ConfigLayer.Overrides("flag", List.of(ConfigOverride.of("approval_policy", "never")));
        CodexConfig config = ConfigLoader.load(
                        new ConfigRequest(new CodexHome(home), work, Optional.empty(), List.of(flags), env))
                .config();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AgentRuntime runtime = AgentRuntime.create(config, "codex_exec", env);
        try {
            int exitCode = new ExecRunner(new ConversationManager(runtime.services()))
                    .run(
                            config,
                            options,
                            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                            new PrintWriter(out, true),
                            new PrintWriter(err, true));
            return new Run(exitCode, out.toString(), err.toString());
        } finally {
            runtime.close();
        }
    }
}
