package io.codexquarkus.tools.applypatch;

import java.io.Serial;

/**
 * A patch that cannot be parsed, verified or applied. The message is the text upstream Codex shows for the same problem
 * (e.g. {@code Failed to find expected lines in a.txt:\nfoo}); it may span several lines.
 */
public class PatchException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    public PatchException(String message) {
        super(message);
    }

    public PatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
