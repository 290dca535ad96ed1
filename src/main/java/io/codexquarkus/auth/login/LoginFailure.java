package io.codexquarkus.auth.login;

/**
 * How a ChatGPT login ended without credentials. The message is the text Codex reports for that ending (the MCP
 * layer adds {@code Login server error: } in front of every reason but a timeout).
 */
public final class LoginFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The closed set of endings. */
    public enum Reason {
        /** The caller cancelled the login or a newer login replaced it. */
        NOT_COMPLETED,
        /** Someone requested {@code /cancel} (the browser, or a newer Codex login taking the port over). */
        CANCELLED,
        /** Nobody completed the login in time. */
        TIMED_OUT,
        /** The token exchange or saving the credentials failed. */
        FAILED
    }

    private final Reason reason;

    public LoginFailure(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public LoginFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public static LoginFailure notCompleted() {
        return new LoginFailure(Reason.NOT_COMPLETED, "Login was not completed");
    }

    public static LoginFailure cancelled() {
        return new LoginFailure(Reason.CANCELLED, "Login cancelled");
    }

    public static LoginFailure timedOut() {
        return new LoginFailure(Reason.TIMED_OUT, "Login timed out");
    }

    public Reason reason() {
        return reason;
    }
}
