package io.codexquarkus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code codex-quarkus config}: inspect the configuration. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Inspect the effective configuration.",
        subcommands = {ConfigShowCommand.class})
public class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
