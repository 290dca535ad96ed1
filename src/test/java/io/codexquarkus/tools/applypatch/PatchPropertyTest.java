package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random files, random edits rendered as patches (with random context, whitespace sloppiness and {@code *** End of
 * File} markers) must apply back to the text the edits describe. Each case is reproducible from the seed printed on
 * failure ({@code -Dpatch.seed=<seed> -Dpatch.iterations=1} reruns one case).
 */
class PatchPropertyTest {
    private static final long BASE_SEED = Long.getLong("patch.seed", 0x5EED_2025L);
    private static final int ITERATIONS = Integer.getInteger("patch.iterations", 3000);
    private static final String[] WORDS = {
        "alpha", "beta", "gamma", "delta", "return x;", "}", "{", "if (a) {", "  nested", "\tTabbed", "end"
    };

    @TempDir
    Path dir;

    /** One edit: replace old lines [start, start + deleted) with {@code inserted}. */
    private record Edit(int start, int deleted, List<String> inserted) {}

    /** A rendered chunk and where its old lines sit in the original. */
    private record Chunk(String text, int start, int oldLength, List<String> newLines) {}

    @Test
    void randomEditsApplyToTheExpectedText() throws Exception {
        int checked = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = BASE_SEED + i;
            try {
                if (runCase(seed, i % 25 == 0)) {
                    checked++;
                }
            } catch (Throwable e) {
                throw new AssertionError("property failed for seed " + seed + ": " + e.getMessage(), e);
            }
        }
        // most generated cases must be usable, or the generator is broken
        assertThat(checked).isGreaterThan(ITERATIONS * 3 / 4);
    }

    /** Returns false when the generated case was ambiguous and skipped. */
    private boolean runCase(long seed, boolean throughFiles) throws Exception {
        Random random = new Random(seed);
        List<String> lines = randomLines(random);
        // a last line that is blank only exists as a line when a newline follows it
        boolean finalNewline = lines.isEmpty() || lines.getLast().isEmpty() || random.nextInt(5) != 0;
        String original = lines.isEmpty() ? "" : String.join("\n", lines) + (finalNewline ? "\n" : "");
        List<Edit> edits = randomEdits(random, lines);
        if (edits.isEmpty()) {
            return false;
        }
        List<Chunk> chunks = new ArrayList<>();
        int previousEnd = 0;
        for (int k = 0; k < edits.size(); k++) {
            int nextStart = k + 1 < edits.size() ? edits.get(k + 1).start() : lines.size();
            Chunk chunk = render(random, lines, edits.get(k), previousEnd, nextStart);
            if (chunk == null || !firstMatchIsIntended(lines, chunk, previousEnd)) {
                return false;
            }
            chunks.add(chunk);
            previousEnd = chunk.start() + chunk.oldLength();
        }
        List<String> expectedLines = new ArrayList<>(lines);
        for (Chunk chunk : chunks.reversed()) {
            for (int n = 0; n < chunk.oldLength(); n++) {
                expectedLines.remove(chunk.start());
            }
            expectedLines.addAll(chunk.start(), chunk.newLines());
        }
        // upstream ends the result with exactly one newline: a trailing blank line is absorbed
        if (expectedLines.isEmpty() || !expectedLines.getLast().isEmpty()) {
            expectedLines.add("");
        }
        String expected = String.join("\n", expectedLines);
        StringBuilder body = new StringBuilder();
        chunks.forEach(c -> body.append(c.text()));
        String patch = "*** Begin Patch\n*** Update File: file.txt\n" + body + "*** End Patch\n";

        if (!throughFiles) {
            ParsedPatch parsed = PatchParser.parse(patch);
            Hunk.UpdateFile update = (Hunk.UpdateFile) parsed.hunks().getFirst();
            assertThat(ContentUpdater.apply(original, update.chunks(), "file.txt"))
                    .as("patch:\n%s\noriginal:\n%s", patch, original)
                    .isEqualTo(expected);
            return true;
        }
        Path work = Files.createTempDirectory(dir, "case");
        Files.writeString(work.resolve("file.txt"), original);
        Files.writeString(work.resolve("old.txt"), "bye\n");
        String full = patch.replace(
                "*** End Patch\n", "*** Delete File: old.txt\n*** Add File: made/new.txt\n+hello\n*** End Patch\n");
        PatchApplier.HelperResult result = PatchApplier.run(full, work);
        assertThat(result.stderr()).as("patch:\n%s", full).isEmpty();
        assertThat(result.stdout())
                .isEqualTo("Success. Updated the following files:\nA made/new.txt\nM file.txt\nD old.txt\n");
        assertThat(Files.readString(work.resolve("file.txt"))).isEqualTo(expected);
        assertThat(Files.readString(work.resolve("made/new.txt"))).isEqualTo("hello\n");
        assertThat(work.resolve("old.txt")).doesNotExist();
        return true;
    }

    private static List<String> randomLines(Random random) {
        int count = random.nextInt(40);
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            if (random.nextInt(8) == 0) {
                lines.add("");
            } else {
                String trailing = random.nextInt(6) == 0 ? "  " : "";
                lines.add("l" + n + " " + WORDS[random.nextInt(WORDS.length)] + trailing);
            }
        }
        return lines;
    }

    private static List<Edit> randomEdits(Random random, List<String> lines) {
        List<Edit> edits = new ArrayList<>();
        int position = 0;
        int wanted = 1 + random.nextInt(4);
        while (edits.size() < wanted && position <= lines.size()) {
            int start = position + random.nextInt(Math.max(1, Math.min(6, lines.size() - position + 1)));
            int deleted = Math.min(random.nextInt(4), lines.size() - start);
            List<String> inserted = new ArrayList<>();
            int insertCount = random.nextInt(4);
            for (int n = 0; n < insertCount; n++) {
                inserted.add(random.nextInt(10) == 0 ? "" : "new" + edits.size() + "_" + n + " " + random.nextInt(99));
            }
            if (deleted == 0 && inserted.isEmpty()) {
                inserted.add("added" + edits.size());
            }
            edits.add(new Edit(start, deleted, inserted));
            // leave at least one untouched line before the next edit
            position = start + deleted + 1;
        }
        return edits;
    }

    /** Renders an edit with random context inside [lowerBound, upperBound); null when it cannot be anchored. */
    private static Chunk render(Random random, List<String> lines, Edit edit, int lowerBound, int upperBound) {
        int before = Math.min(random.nextInt(4), edit.start() - lowerBound);
        int afterLimit = Math.max(0, upperBound - (edit.start() + edit.deleted()));
        int after = Math.min(random.nextInt(4), afterLimit);
        int start = edit.start() - before;
        int end = edit.start() + edit.deleted() + after;
        boolean atEnd = end == lines.size();
        if (start == end) {
            // a chunk without old lines is appended at the end of the file, whatever its position
            boolean lastLineEmpty = !lines.isEmpty() && lines.getLast().isEmpty();
            if (!atEnd || lastLineEmpty) {
                if (edit.start() - lowerBound > 0) {
                    start--;
                } else if (afterLimit > 0) {
                    end++;
                    atEnd = end == lines.size();
                } else {
                    return null;
                }
            }
        }
        List<String> old = lines.subList(start, end);
        if (!old.isEmpty() && old.stream().allMatch(String::isEmpty)) {
            return null;
        }
        // sometimes anchor the chunk with "@@ <line>": a non-blank line between the previous chunk and this one
        StringBuilder text = new StringBuilder("@@\n");
        if (random.nextBoolean()) {
            for (int h = start - 1; h >= lowerBound; h--) {
                if (!lines.get(h).isEmpty()) {
                    text = new StringBuilder("@@ " + lines.get(h) + "\n");
                    break;
                }
            }
        }
        List<String> newLines = new ArrayList<>();
        for (int n = start; n < end; n++) {
            boolean deleted = n >= edit.start() && n < edit.start() + edit.deleted();
            if (n == edit.start()) {
                // removed lines first, then added ones, as a diff shows them
                for (int d = 0; d < edit.deleted(); d++) {
                    text.append('-').append(sloppy(random, lines.get(n + d))).append('\n');
                }
                for (String line : edit.inserted()) {
                    text.append('+').append(line).append('\n');
                    newLines.add(line);
                }
            }
            if (!deleted) {
                String context = sloppy(random, lines.get(n));
                text.append(context.isEmpty() && random.nextBoolean() ? "" : " ")
                        .append(context)
                        .append('\n');
                newLines.add(context);
            }
        }
        if (edit.start() == end) {
            // pure insertion after all context lines
            for (String line : edit.inserted()) {
                text.append('+').append(line).append('\n');
                newLines.add(line);
            }
        }
        if (atEnd && random.nextBoolean()) {
            text.append("*** End of File\n");
        }
        if (start == end) {
            return new Chunk(text.toString(), lines.size(), 0, newLines);
        }
        return new Chunk(text.toString(), start, end - start, newLines);
    }

    /** Patch authors often drop trailing whitespace; the matcher's second pass must cope. */
    private static String sloppy(Random random, String line) {
        return random.nextInt(3) == 0 ? RustText.trimEnd(line) : line;
    }

    /** The chunk's old lines must first occur (under every pass) where the generator put them. */
    private static boolean firstMatchIsIntended(List<String> lines, Chunk chunk, int cursor) {
        if (chunk.oldLength() == 0) {
            return true;
        }
        List<String> old = lines.subList(chunk.start(), chunk.start() + chunk.oldLength());
        List<String> trimmedOld = old.stream().map(RustText::trim).toList();
        for (int at = cursor; at + old.size() <= lines.size(); at++) {
            boolean same = lines.subList(at, at + old.size()).stream()
                    .map(RustText::trim)
                    .toList()
                    .equals(trimmedOld);
            if (same) {
                return at == chunk.start();
            }
        }
        return false;
    }
}
