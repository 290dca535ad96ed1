package io.codexquarkus.tools.applypatch;

import java.util.List;
import java.util.Optional;

/**
 * One {@code @@} section of an update: the lines to find ({@code oldLines}: context and removed lines) and what
 * replaces them ({@code newLines}: context and added lines).
 *
 * @param changeContext the text after {@code @@ }, a line (usually a class or function header) searched for first to
 *     narrow down where {@code oldLines} are
 * @param endOfFile set by {@code *** End of File}: the lines are looked for at the end of the file first
 */
public record UpdateChunk(
        Optional<String> changeContext, List<String> oldLines, List<String> newLines, boolean endOfFile) {
    public UpdateChunk {
        oldLines = List.copyOf(oldLines);
        newLines = List.copyOf(newLines);
    }
}
