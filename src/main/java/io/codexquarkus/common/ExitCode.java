package io.codexquarkus.common;

/**
 * Process exit codes of every {@code codex-quarkus} command. The README documents this table; keep the two in step.
 */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran but failed: the turn ended with an error, a login failed, a patch did not apply. */
    public static final int FAILURE = 1;
    /** Bad command line or bad configuration (config.toml, {@code -c}, auth.json): nothing was run or written. */
    public static final int USAGE = 2;
    /** The model provider or the credentials failed: missing key, HTTP error, retries used up, refresh refused. */
    public static final int MODEL = 3;
    /** The sandbox the policy asks for is not available on this host. */
    public static final int SANDBOX_UNAVAILABLE = 4;
    /** A command run by the sandbox helper could not be found (as a shell reports it). */
    public static final int COMMAND_NOT_FOUND = 127;
    /** The run was interrupted (Ctrl-C, SIGTERM): 128 + SIGINT, as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
