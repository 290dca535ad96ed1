package io.codexquarkus.cli;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import org.jboss.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Error handling for every command: a usage error is one line plus a hint (exit 2); a {@link CodexException} is its one
 * line and its exit code; anything else is a one-line internal error (exit 1). Stack traces only with {@code
 * CODEX_DEBUG=1}, through the log (which writes to stderr).
 */
@ApplicationScoped
public class CommandLineSetup {
    @Produces
    @ApplicationScoped
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setParameterExceptionHandler(CommandLineSetup::onUsageError);
        commandLine.setExecutionExceptionHandler(CommandLineSetup::onFailure);
        commandLine.setCaseInsensitiveEnumValuesAllowed(false);
        return commandLine;
    }

    static int onUsageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + oneLine(e.getMessage()));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }

    static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable cause = e;
        while (!(cause instanceof CodexException) && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        int code;
        if (cause instanceof CodexException codex) {
            err.println("error: " + oneLine(codex.getMessage()));
            code = codex.exitCode();
        } else {
            err.println("error: internal error: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
            code = ExitCode.FAILURE;
        }
        err.flush();
        LogFile.recordError("exit " + code + ": " + oneLine(e.getMessage()), e);
        if ("1".equals(Invocation.of(cmd.getCommandSpec()).environment().get("CODEX_DEBUG"))) {
            // the details go through the log (stderr), after the one line users read; the logger is looked up only
            // here because --help runs this class without Quarkus, before its log manager is installed
            Logger.getLogger(CommandLineSetup.class).error("details of the error above", e);
        }
        return code;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.strip().replace("\r", "").replace('\n', ' ');
    }
}
