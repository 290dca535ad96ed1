package io.codexquarkus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code codex-quarkus sandbox}: run one command under the sandbox, or inspect what this host supports. */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description =
                "Run a command under the sandbox Codex uses for model commands, or check what this host supports.",
        subcommands = {SandboxLinuxCommand.class, SandboxMacosCommand.class, SandboxDoctorCommand.class})
public class SandboxCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
