package io.codexquarkus.tools.applypatch;

import java.util.List;
import java.util.Optional;

/**
 * One file operation of a patch. Paths are kept exactly as the patch spells them (relative or absolute): the helper
 * reports them that way, and verification resolves them against a working directory.
 */
public sealed interface Hunk {
    /** The path the hunk names first ({@code *** Add/Delete/Update File: <path>}). */
    String path();

    /** {@code *** Add File: <path>} with its {@code +} lines; {@code contents} ends every line with {@code \n}. */
    record AddFile(String path, String contents) implements Hunk {}

    /** {@code *** Delete File: <path>}. */
    record DeleteFile(String path) implements Hunk {}

    /** {@code *** Update File: <path>}, an optional {@code *** Move to: <path>}, and at least one chunk. */
    record UpdateFile(String path, Optional<String> movePath, List<UpdateChunk> chunks) implements Hunk {
        public UpdateFile {
            chunks = List.copyOf(chunks);
        }
    }
}
