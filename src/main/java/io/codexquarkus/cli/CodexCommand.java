package io.codexquarkus.cli;

import io.codexquarkus.config.ConfigDefaults;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code codex-quarkus}: the top command; every subcommand inherits {@code -c} and {@code -p}. */
@TopCommand
@Command(
        name = "codex-quarkus",
        mixinStandardHelpOptions = true,
        versionProvider = CodexCommand.Version.class,
        description = "Codex coding agent for the terminal, scripts and MCP clients.",
        subcommands = {
            ExecCommand.class,
            McpCommand.class,
            ConfigCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            ApplyPatchCommand.class,
            SandboxCommand.class,
            CompletionCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 failure, 2 usage or config error, 3 model or auth failure,",
            "4 sandbox unavailable, 130 interrupted."
        })
public class CodexCommand implements Runnable {
    @Mixin
    GlobalOptions globalOptions;

    @Spec
    CommandSpec spec;

    final Invocation invocation;

    /** The command as the launcher runs it: on this process's environment, working directory and stdin. */
    public CodexCommand() {
        this(Invocation.fromProcess());
    }

    /** The command on another environment and stdin: the in-process driver's. */
    public CodexCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints {@code codex-quarkus <version>}. */
    public static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"codex-quarkus " + ConfigDefaults.VERSION};
        }
    }
}
