package io.codexquarkus.agent.safety;

import java.util.List;

/** What the safety table needs to know about an argv, independent of how it is parsed. */
public interface CommandClassifier {
    /** Read-only commands that may run without a sandbox or a question (upstream's known-safe list, see {@code SafeCommands}). */
    boolean isKnownSafe(List<String> argv);

    /** Commands that always ask unless approved for the session ({@code git reset}, {@code rm -rf}, …). */
    boolean isDangerous(List<String> argv);
}
