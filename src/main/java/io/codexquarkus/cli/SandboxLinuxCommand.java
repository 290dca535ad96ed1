package io.codexquarkus.cli;

import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.sandbox.SandboxedCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code codex-quarkus sandbox linux [--full-auto] -- CMD ARGS…}: one command under Landlock + seccomp with the
 * configured policy, stdio inherited, its exit status passed through.
 */
@Command(
        name = "linux",
        mixinStandardHelpOptions = true,
        modelTransformer = SandboxLinuxCommand.CommandAfterFirstPositional.class,
        description = {
            "Run a command under the Linux sandbox (Landlock + seccomp) with the policy from the configuration"
                    + " (sandbox_mode, sandbox_workspace_write), as Codex runs the model's commands.",
            "Exits with the command's status (128+N when killed by signal N), 127 when the command is not found,"
                    + " 4 when this host cannot enforce the policy."
        })
public class SandboxLinuxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--full-auto",
            description = "Use workspace-write: the working directory, /tmp and $TMPDIR writable, network as"
                    + " sandbox_workspace_write.network_access says.")
    boolean fullAuto;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        return runSandboxed(spec, SandboxType.LINUX_SECCOMP, fullAuto, command);
    }

    static int runSandboxed(CommandSpec spec, SandboxType type, boolean fullAuto, List<String> command) {
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
