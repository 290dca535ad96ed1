package io.codexquarkus.cli;

import io.codexquarkus.sandbox.SandboxType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code codex-quarkus sandbox macos [--full-auto] -- CMD ARGS…}: one command under Seatbelt. */
@Command(
        name = "macos",
        aliases = "seatbelt",
        mixinStandardHelpOptions = true,
        modelTransformer = SandboxRunOptions.CommandAfterFirstPositional.class,
        description = {
            "Run a command under macOS Seatbelt (/usr/bin/sandbox-exec) with the policy from the configuration.",
            "Exits with the command's status, or 4 when not on macOS."
        })
public class SandboxMacosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SandboxRunOptions run;

    @Override
    public Integer call() {
        return run.run(spec, SandboxType.MACOS_SEATBELT);
    }
}
