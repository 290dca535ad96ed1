package io.codexquarkus.cli;

import io.codexquarkus.common.Cancellation;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.tools.process.ProcessRunner;
import io.codexquarkus.tools.process.SandboxedExec;
import io.codexquarkus.tools.process.ShellEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code sandbox linux} and {@code sandbox macos} share: {@code --full-auto}, the command, and running it under
 * the configured policy with stdio inherited and its exit status passed through.
 */
public class SandboxRunOptions {
    @Option(
            names = "--full-auto",
            description = "Use workspace-write: the working directory, /tmp and $TMPDIR writable, network as"
                    + " sandbox_workspace_write.network_access says.")
    boolean fullAuto;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    int run(CommandSpec spec, SandboxType type) {
        Invocation invocation = Invocation.of(spec);
        CodexConfig config = GlobalOptions.of(spec).load(invocation).config();
        SandboxPolicy policy = fullAuto
                ? new SandboxPolicy.WorkspaceWrite(
                        config.sandboxWorkspaceWrite().writableRoots(),
                        config.sandboxWorkspaceWrite().networkAccess(),
                        config.sandboxWorkspaceWrite().excludeTmpdirEnvVar(),
                        config.sandboxWorkspaceWrite().excludeSlashTmp())
                : SandboxPolicy.from(config.sandboxMode(), config.sandboxWorkspaceWrite());
        spec.commandLine().getOut().flush();
        Map<String, String> processEnv = invocation.environment().env();
        SandboxedExec exec =
                new SandboxedExec(SandboxManager.forEnvironment(processEnv), new ProcessRunner(), processEnv);
        // the command gets this process's whole environment and no timeout, as if typed at the shell
        return exec.run(new SandboxedExec.Request(
                        type,
                        policy,
                        config.cwd(),
                        config.cwd(),
                        command,
                        ShellEnvironment.INHERIT_EVERYTHING,
                        Optional.empty(),
                        new Cancellation(),
                        new SandboxedExec.Output.Inherited()))
                .exitCode();
    }

    /**
     * Everything from the first positional argument on belongs to the command, so {@code sandbox linux ls -la}
     * works without {@code --}.
     */
    public static final class CommandAfterFirstPositional implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec commandSpec) {
            commandSpec.parser().stopAtPositional(true);
            return commandSpec;
        }
    }
}
