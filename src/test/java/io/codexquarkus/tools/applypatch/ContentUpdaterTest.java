package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentUpdaterTest {
    private static String update(String original, String body) throws PatchException {
        ParsedPatch patch = PatchParser.parse("*** Begin Patch\n*** Update File: f.txt\n" + body + "\n*** End Patch");
        return ContentUpdater.apply(original, ((Hunk.UpdateFile) patch.hunks().getFirst()).chunks(), "f.txt");
    }

    @Test
    void interleavedChunks() throws Exception {
        assertThat(update("a\nb\nc\nd\ne\nf\n", "@@\n a\n-b\n+B\n@@\n c\n d\n-e\n+E\n@@\n f\n+g\n*** End of File"))
                .isEqualTo("a\nB\nc\nd\nE\nf\ng\n");
    }

    @Test
    void pureAdditionGoesToTheEndEvenBeforeALaterChunk() throws Exception {
        assertThat(update(
                        "line1\nline2\nline3\n",
                        "@@\n+after-context\n+second-line\n@@\n line1\n-line2\n-line3\n" + "+line2-replacement"))
                .isEqualTo("line1\nline2-replacement\nafter-context\nsecond-line\n");
    }

    @Test
    void replacementKeepsTheOrderOfRepeatedLines() throws Exception {
        assertThat(update("a\nb\n", "@@\n-a\n-b\n+b\n+b\n+a")).isEqualTo("b\nb\na\n");
    }

    @Test
    void trailingEmptyOldLineStandsForTheFinalNewline() throws Exception {
        // the empty context line at the end cannot match (the file has no empty last line): retried without it
        assertThat(update("foo\nbar\n", "@@\n foo\n-bar\n+BAR\n ")).isEqualTo("foo\nBAR\n");
    }

    @Test
    void resultAlwaysEndsWithOneNewline() throws Exception {
        assertThat(update("no newline at end", "@@\n-no newline at end\n+first line\n+second line"))
                .isEqualTo("first line\nsecond line\n");
    }

    @Test
    void aTrailingBlankLineIsAbsorbedAsUpstreamDoes() throws Exception {
        assertThat(update("a\nb\n\n", "@@\n-a\n+A")).isEqualTo("A\nb\n");
        // a pure addition goes before that blank line
        assertThat(update("a\n\n", "@@\n+z")).isEqualTo("a\nz\n");
    }

    @Test
    void crlfFilesStayCrlfAndMixedFilesAreLf() throws Exception {
        assertThat(update("one\r\ntwo\r\nthree\r\n", "@@\n-one\n+uno\n@@\n two\n+\n+between\n three"))
                .isEqualTo("uno\r\ntwo\r\n\r\nbetween\r\nthree\r\n");
        assertThat(update("one\r\ntwo", "@@\n-one\n+ONE")).isEqualTo("ONE\r\ntwo\r\n");
        // not every newline is CRLF: lines keep a stray \r, matched by the trailing-whitespace pass
        assertThat(update("same\r\nsame\n", "@@\n-same\n same")).isEqualTo("same\n");
    }

    @Test
    void unicodeDashesMatchAsciiPatch() throws Exception {
        assertThat(update(
                        "import asyncio  # local import \u2013 avoids top\u2011level dep\n",
                        "@@\n-import asyncio  # local import - avoids top-level dep\n+import asyncio  # HELLO"))
                .isEqualTo("import asyncio  # HELLO\n");
    }

    @Test
    void errorsNameThePathAndTheLines() {
        assertThatThrownBy(() -> update("a\nb\n", "@@\n-x\n-y\n+z"))
                .isInstanceOf(PatchException.class)
                .hasMessage("Failed to find expected lines in f.txt:\nx\ny");
        assertThatThrownBy(() -> update("a\nb\n", "@@ class Missing\n-a\n+b"))
                .isInstanceOf(PatchException.class)
                .hasMessage("Failed to find context 'class Missing' in f.txt");
    }

    @Test
    void chunksAreSearchedAfterThePreviousOne() {
        // the second chunk's line only exists before the first chunk's match
        assertThatThrownBy(() -> update("x\ny\n", "@@\n-y\n+Y\n@@\n-x\n+X"))
                .isInstanceOf(PatchException.class)
                .hasMessage("Failed to find expected lines in f.txt:\nx");
    }
}
