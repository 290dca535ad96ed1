package io.codexquarkus.tools.applypatch;

/** A shell command checked for being an apply_patch call and, if it is one, verified against the file system. */
public sealed interface VerifiedInvocation {
    /** An apply_patch call whose changes can all be made. */
    record Verified(ApplyPatchAction action) implements VerifiedInvocation {}

    /**
     * An apply_patch call (or a bare patch) that cannot be applied; the model gets {@code error: <message>} and
     * nothing runs.
     */
    record CorrectnessError(String message) implements VerifiedInvocation {}

    /** Not an apply_patch call: an ordinary command. */
    record NotApplyPatch() implements VerifiedInvocation {}
}
