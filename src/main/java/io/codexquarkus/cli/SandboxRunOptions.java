package io.codexquarkus.cli;

import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.sandbox.SandboxedCommand;
import java.util.ArrayList;
import java.util.List;
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
        CodexConfig config = GlobalOptions.of(spec).load().config();
        SandboxPolicy policy = fullAuto
                ? new SandboxPolicy.WorkspaceWrite(
                        config.sandboxWorkspaceWrite().writableRoots(),
                        config.sandboxWorkspaceWrite().networkAccess(),
                        config.sandboxWorkspaceWrite().excludeTmpdirEnvVar(),
                        config.sandboxWorkspaceWrite().excludeSlashTmp())
                : SandboxPolicy.from(config.sandboxMode(), config.sandboxWorkspaceWrite());
        spec.commandLine().getOut().flush();
        return SandboxedCommand.run(
                SandboxManager.forCurrentProcess(), type, policy, config.cwd(), command, System.getenv());
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
