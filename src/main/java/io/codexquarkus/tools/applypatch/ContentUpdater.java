package io.codexquarkus.tools.applypatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Computes the new content of a file from its old content and the chunks of an update, as upstream does: chunks are
 * located in order with {@link SeekSequence}, then all replacements are applied from the bottom up, and the result
 * ends with exactly one newline. Pure: no file access.
 */
public final class ContentUpdater {
    private ContentUpdater() {}

    private record Replacement(int start, int oldLength, List<String> newLines) {}

    /**
     * The updated text.
     *
     * @param displayPath how error messages name the file
     * @throws PatchException {@code Failed to find context '<ctx>' in <path>} or {@code Failed to find expected lines
     *     in <path>:\n<old lines>}
     */
    public static String apply(String original, List<UpdateChunk> chunks, String displayPath) throws PatchException {
        // A file that ends every line with CRLF keeps CRLF; anything else is treated as LF text (a stray \r stays
        // part of its line, and the trailing-whitespace pass still matches it).
        boolean crlf = usesCrlf(original);
        List<String> lines = RustText.splitNewlines(original);
        if (lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        if (crlf) {
            lines.replaceAll(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        List<Replacement> replacements = computeReplacements(lines, chunks, displayPath);
        List<String> updated = new ArrayList<>(lines);
        for (Replacement r : replacements.reversed()) {
            updated.subList(r.start(), Math.min(r.start() + r.oldLength(), updated.size()))
                    .clear();
            updated.addAll(r.start(), r.newLines());
        }
        if (updated.isEmpty() || !updated.getLast().isEmpty()) {
            updated.add("");
        }
        return String.join(crlf ? "\r\n" : "\n", updated);
    }

    private static List<Replacement> computeReplacements(
            List<String> lines, List<UpdateChunk> chunks, String displayPath) throws PatchException {
        List<Replacement> replacements = new ArrayList<>();
        int cursor = 0;
        for (UpdateChunk chunk : chunks) {
            if (chunk.changeContext().isPresent()) {
                String context = chunk.changeContext().get();
                int at = SeekSequence.seek(lines, List.of(context), cursor, false);
                if (at < 0) {
                    throw new PatchException("Failed to find context '" + context + "' in " + displayPath);
                }
                cursor = at + 1;
            }
            if (chunk.oldLines().isEmpty()) {
                // A pure addition goes to the end of the file (before a final empty line), wherever its context was.
                int end = !lines.isEmpty() && lines.getLast().isEmpty() ? lines.size() - 1 : lines.size();
                replacements.add(new Replacement(end, 0, chunk.newLines()));
                continue;
            }
            List<String> pattern = chunk.oldLines();
            List<String> newLines = chunk.newLines();
            int found = SeekSequence.seek(lines, pattern, cursor, chunk.endOfFile());
            if (found < 0 && pattern.getLast().isEmpty()) {
                // A trailing empty old line usually stands for the file's final newline, which `lines` no longer has.
                pattern = pattern.subList(0, pattern.size() - 1);
                if (!newLines.isEmpty() && newLines.getLast().isEmpty()) {
                    newLines = newLines.subList(0, newLines.size() - 1);
                }
                found = SeekSequence.seek(lines, pattern, cursor, chunk.endOfFile());
            }
            if (found < 0) {
                throw new PatchException("Failed to find expected lines in " + displayPath + ":\n"
                        + String.join("\n", chunk.oldLines()));
            }
            replacements.add(new Replacement(found, pattern.size(), newLines));
            cursor = found + pattern.size();
        }
        replacements.sort(Comparator.comparingInt(Replacement::start));
        return replacements;
    }

    /** True when the text has newlines and every one of them is preceded by {@code \r}. */
    static boolean usesCrlf(String text) {
        int newlines = 0;
        int crlf = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                newlines++;
                if (i > 0 && text.charAt(i - 1) == '\r') {
                    crlf++;
                }
            }
        }
        return newlines > 0 && crlf == newlines;
    }
}
