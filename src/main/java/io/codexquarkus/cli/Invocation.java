package io.codexquarkus.cli;

import io.codexquarkus.config.RunEnvironment;
import java.io.InputStream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the running command reads besides its arguments: the environment (variables, working directory, home) and
 * stdin. The top command holds it, so every subcommand finds the same one; the process's own in production, the
 * test's when a test drives the command line in-process.
 */
public record Invocation(RunEnvironment environment, InputStream stdin) {
    /** This process's environment and stdin. */
    public static Invocation fromProcess() {
        return new Invocation(RunEnvironment.fromProcess(), System.in);
    }

    /** The invocation of the command line {@code spec} belongs to. */
    static Invocation of(CommandSpec spec) {
        if (spec.root().userObject() instanceof CodexCommand top) {
            return top.invocation;
        }
        // a subcommand run on its own command line (tests of one command) reads the process
        return fromProcess();
    }
}
