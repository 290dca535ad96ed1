package io.codexquarkus.cli;

import io.codexquarkus.sandbox.SandboxType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code codex-quarkus sandbox macos [--full-auto] -- CMD ARGS…}: one command under Seatbelt. */
@Command(
        name = "macos",
        aliases = "seatbelt",
        mixinStandardHelpOptions = true,
        modelTransformer = SandboxLinuxCommand.CommandAfterFirstPositional.class,
        description = {
            "Run a command under macOS Seatbelt (/usr/bin/sandbox-exec) with the policy from the configuration.",
            "Exits with the command's status, or 4 when not on macOS."
        })
public class SandboxMacosCommand implements Callable<Integer> {
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
        return SandboxLinuxCommand.runSandboxed(spec, SandboxType.MACOS_SEATBELT, fullAuto, command);
    }
}
