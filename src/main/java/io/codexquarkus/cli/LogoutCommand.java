package io.codexquarkus.cli;

import io.codexquarkus.auth.AuthService;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.config.CodexConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code codex-quarkus logout}: deletes {@code $CODEX_HOME/auth.json}. Exit codes: 0 logged out or nothing to do, 1
 * the file could not be deleted, 2 bad configuration.
 */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Remove the stored login (auth.json).")
public class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Invocation invocation = Invocation.of(spec);
        CodexConfig config = GlobalOptions.of(spec).load(invocation).config();
        PrintWriter err = spec.commandLine().getErr();
        try (AuthService auth =
                AuthService.withoutLoginServer(config, invocation.environment().env())) {
            err.println(auth.logout() ? "Successfully logged out" : "Not logged in");
            return ExitCode.OK;
        } catch (CodexException e) {
            err.println("Error logging out: " + e.getMessage());
            return ExitCode.FAILURE;
        } finally {
            err.flush();
        }
    }
}
