package io.codexquarkus.tools.applypatch;

import java.util.List;

/**
 * A parsed patch.
 *
 * @param text the patch text that was parsed, without a heredoc wrapper the lenient parser removed: the text to hand to
 *     the apply_patch helper
 * @param hunks the file operations, in order
 */
public record ParsedPatch(String text, List<Hunk> hunks) {
    public ParsedPatch {
        hunks = List.copyOf(hunks);
    }
}
