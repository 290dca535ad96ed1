package io.codexquarkus.testing;

import io.codexquarkus.cli.CodexCommand;
import io.codexquarkus.cli.CommandLineSetup;
import io.codexquarkus.cli.Invocation;
import io.codexquarkus.config.RunEnvironment;
import io.codexquarkus.testing.Launcher.Result;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the {@code codex-quarkus} command line in this JVM, as the launcher would run it in a process: the same top
 * command and error handling, on a working directory, environment and stdin of the test's choosing, with stdout and
 * stderr (the command line's writers) captured. Quarkus is not booted: commands build what they need themselves, and
 * the injected pieces (Vert.x for the browser login) are not there.
 */
public final class CliDriver {
    private CliDriver() {}

    /**
     * Runs {@code args} in {@code cwd}; the environment is this JVM's with {@code env} on top (as {@link Launcher}
     * gives the process), stdin is {@code stdin} (empty when null).
     */
    public static Result run(Path cwd, Map<String, String> env, String stdin, String... args) {
        Map<String, String> merged = new HashMap<>(System.getenv());
        merged.putAll(env);
        RunEnvironment environment = new RunEnvironment(merged, cwd, System.getProperty("user.home"));
        byte[] input = stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8);
        Invocation invocation = new Invocation(environment, new ByteArrayInputStream(input));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLineSetup.configure(new CommandLine(new CodexCommand(invocation)));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        return new Result(code, out.toString(), err.toString());
    }
}
