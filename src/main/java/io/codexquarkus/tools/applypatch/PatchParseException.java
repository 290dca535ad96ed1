package io.codexquarkus.tools.applypatch;

import java.io.Serial;
import java.util.OptionalInt;

/**
 * A patch whose text does not follow the grammar. {@link #getMessage()} is the wording of the core ({@code invalid
 * patch: …}, {@code invalid hunk at line N, …}); {@link #helperMessage()} the wording of the apply_patch helper on
 * stderr ({@code Invalid patch: …}, {@code Invalid patch hunk on line N: …}).
 */
public final class PatchParseException extends PatchException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String detail;
    private final int lineNumber;

    private PatchParseException(String message, String detail, int lineNumber) {
        super(message);
        this.detail = detail;
        this.lineNumber = lineNumber;
    }

    /** The first or last line is not a patch marker. */
    public static PatchParseException invalidPatch(String detail) {
        return new PatchParseException("invalid patch: " + detail, detail, -1);
    }

    /** A hunk that cannot be parsed; {@code lineNumber} is 1-based in the patch text. */
    public static PatchParseException invalidHunk(String detail, int lineNumber) {
        return new PatchParseException("invalid hunk at line " + lineNumber + ", " + detail, detail, lineNumber);
    }

    /** The problem without the prefix. */
    public String detail() {
        return detail;
    }

    /** The 1-based line of a hunk error; empty for errors about the patch markers. */
    public OptionalInt lineNumber() {
        return lineNumber < 0 ? OptionalInt.empty() : OptionalInt.of(lineNumber);
    }

    public String helperMessage() {
        return lineNumber < 0 ? "Invalid patch: " + detail : "Invalid patch hunk on line " + lineNumber + ": " + detail;
    }
}
