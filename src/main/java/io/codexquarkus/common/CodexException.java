package io.codexquarkus.common;

import java.io.Serial;

/**
 * The one exception that ends a command with a user-facing message and an {@link ExitCode}. The message is a single
 * line meant for stderr; the stack trace is never shown to users.
 */
public class CodexException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CodexException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CodexException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Bad input from the user: command line, config.toml, {@code -c}. */
    public static CodexException usage(String message) {
        return new CodexException(ExitCode.USAGE, message);
    }

    public static CodexException failure(String message) {
        return new CodexException(ExitCode.FAILURE, message);
    }

    public static CodexException failure(String message, Throwable cause) {
        return new CodexException(ExitCode.FAILURE, message, cause);
    }
}
