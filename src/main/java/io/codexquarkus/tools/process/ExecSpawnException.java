package io.codexquarkus.tools.process;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import java.io.Serial;

/**
 * The command could not be started: missing program, missing working directory, a file that is not executable, an
 * invalid environment. The message is one line naming the cause, meant for the model ({@code execution error: …}) and
 * the {@code exec_command_end} event (see {@link ExecOutput#spawnFailure}).
 */
public final class ExecSpawnException extends CodexException {
    @Serial
    private static final long serialVersionUID = 1L;

    ExecSpawnException(int exitCode, String message) {
        super(exitCode, message);
    }

    ExecSpawnException(String message, Throwable cause) {
        super(ExitCode.FAILURE, message, cause);
    }

    static ExecSpawnException notFound(String message) {
        return new ExecSpawnException(ExitCode.COMMAND_NOT_FOUND, message);
    }

    static ExecSpawnException cannotStart(String message) {
        return new ExecSpawnException(ExitCode.FAILURE, message);
    }
}
