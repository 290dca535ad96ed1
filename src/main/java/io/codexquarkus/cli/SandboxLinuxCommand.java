package io.codexquarkus.cli;

import io.codexquarkus.sandbox.SandboxType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code codex-quarkus sandbox linux [--full-auto] -- CMD ARGS…}: one command under Landlock + seccomp with the
 * configured policy, stdio inherited, its exit status passed through.
 */
@Command(
        name = "linux",
        mixinStandardHelpOptions = true,
        modelTransformer = SandboxRunOptions.CommandAfterFirstPositional.class,
        description = {
            "Run a command under the Linux sandbox (Landlock + seccomp) with the policy from the configuration"
                    + " (sandbox_mode, sandbox_workspace_write), as Codex runs the model's commands.",
            "Exits with the command's status (128+N when killed by signal N), 127 when the command is not found,"
                    + " 4 when this host cannot enforce the policy."
        })
public class SandboxLinuxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SandboxRunOptions run;

    @Override
    public Integer call() {
        return run.run(spec, SandboxType.LINUX_SECCOMP);
    }
}
