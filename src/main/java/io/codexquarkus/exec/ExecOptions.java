package io.codexquarkus.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code exec} was asked to do, after flag parsing.
 *
 * @param resumeTarget a session id, or {@code --last}, when resuming
 */
public record ExecOptions(
        Optional<String> prompt,
        List<Path> images,
        boolean json,
        Optional<Path> outputLastMessage,
        boolean color,
        boolean skipGitRepoCheck,
        Optional<ResumeTarget> resumeTarget) {
    /** Which session {@code exec resume} continues. */
    public sealed interface ResumeTarget {
        record ById(String id) implements ResumeTarget {}

        record Last() implements ResumeTarget {}
    }
}
