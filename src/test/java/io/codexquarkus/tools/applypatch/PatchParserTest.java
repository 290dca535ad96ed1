package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PatchParserTest {
    private static final String VALID_HEADERS =
            "Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'";

    private static ParsedPatch parse(String text) throws PatchParseException {
        return PatchParser.parse(text);
    }

    private static void assertError(String patch, String coreMessage, String helperMessage) {
        assertThatThrownBy(() -> parse(patch)).isInstanceOfSatisfying(PatchParseException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(coreMessage);
            assertThat(e.helperMessage()).isEqualTo(helperMessage);
        });
    }

    @Test
    void boundaryErrors() {
        assertError(
                "bad",
                "invalid patch: The first line of the patch must be '*** Begin Patch'",
                "Invalid patch: The first line of the patch must be '*** Begin Patch'");
        assertError(
                "*** Begin Patch\nbad",
                "invalid patch: The last line of the patch must be '*** End Patch'",
                "Invalid patch: The last line of the patch must be '*** End Patch'");
        assertError(
                "",
                "invalid patch: The last line of the patch must be '*** End Patch'",
                "Invalid patch: The last line of the patch must be '*** End Patch'");
        assertError(
                "*** Begin Patch",
                "invalid patch: The last line of the patch must be '*** End Patch'",
                "Invalid patch: The last line of the patch must be '*** End Patch'");
    }

    @Test
    void hunkErrorsCarryLineNumbers() {
        assertError(
                "*** Begin Patch\n*** Update File: test.py\n*** End Patch",
                "invalid hunk at line 2, Update file hunk for path 'test.py' is empty",
                "Invalid patch hunk on line 2: Update file hunk for path 'test.py' is empty");
        assertError(
                "*** Begin Patch\n*** Add File: a\n+x\n*** Frobnicate File: foo\n*** End Patch",
                "invalid hunk at line 4, '*** Frobnicate File: foo' is not a valid hunk header. " + VALID_HEADERS,
                "Invalid patch hunk on line 4: '*** Frobnicate File: foo' is not a valid hunk header. "
                        + VALID_HEADERS);
        assertError(
                "*** Begin Patch\n*** Update File: a\n@@\nbad\n*** End Patch",
                "invalid hunk at line 4, Unexpected line found in update hunk: 'bad'. Every line should start with"
                        + " ' ' (context line), '+' (added line), or '-' (removed line)",
                "Invalid patch hunk on line 4: Unexpected line found in update hunk: 'bad'. Every line should start"
                        + " with ' ' (context line), '+' (added line), or '-' (removed line)");
        assertError(
                "*** Begin Patch\n*** Update File: a\n@@\n*** End of File\n*** End Patch",
                "invalid hunk at line 4, Update hunk does not contain any lines",
                "Invalid patch hunk on line 4: Update hunk does not contain any lines");
        assertError(
                "*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\nbad\n*** End Patch",
                "invalid hunk at line 6, Expected update hunk to start with a @@ context marker, got: 'bad'",
                "Invalid patch hunk on line 6: Expected update hunk to start with a @@ context marker, got: 'bad'");
        // "@@" as the last line of an update: the chunk has no lines
        assertError(
                "*** Begin Patch\n*** Update File: a\n-x\n@@\n*** End Patch",
                "invalid hunk at line 5, Update hunk does not contain any lines",
                "Invalid patch hunk on line 5: Update hunk does not contain any lines");
    }

    @Test
    void lineNumbersCountEarlierHunks() {
        String patch =
                "*** Begin Patch\n*** Add File: a\n+1\n+2\n*** Delete File: b\n*** Update File: c\n*** End Patch";
        assertThatThrownBy(() -> parse(patch))
                .isInstanceOfSatisfying(
                        PatchParseException.class,
                        e -> assertThat(e.lineNumber()).hasValue(6));
    }

    @Test
    void allThreeOperations() throws Exception {
        ParsedPatch patch = parse("""
                *** Begin Patch
                *** Add File: path/add.py
                +abc
                +
                +def
                *** Delete File: path/delete.py
                *** Update File: path/update.py
                *** Move to: path/update2.py
                @@ def f():
                -    pass
                +    return 123
                *** End Patch""");
        assertThat(patch.hunks())
                .containsExactly(
                        new Hunk.AddFile("path/add.py", "abc\n\ndef\n"),
                        new Hunk.DeleteFile("path/delete.py"),
                        new Hunk.UpdateFile(
                                "path/update.py",
                                Optional.of("path/update2.py"),
                                List.of(new UpdateChunk(
                                        Optional.of("def f():"),
                                        List.of("    pass"),
                                        List.of("    return 123"),
                                        false))));
    }

    @Test
    void emptyPatchParsesWithNoHunks() throws Exception {
        assertThat(parse("*** Begin Patch\n*** End Patch").hunks()).isEmpty();
    }

    @Test
    void firstChunkMayOmitTheContextMarker() throws Exception {
        ParsedPatch patch = parse("*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch");
        assertThat(patch.hunks())
                .containsExactly(new Hunk.UpdateFile(
                        "file2.py",
                        Optional.empty(),
                        List.of(new UpdateChunk(
                                Optional.empty(), List.of("import foo"), List.of("import foo", "bar"), false))));
    }

    @Test
    void updateFollowedByAnotherHunk() throws Exception {
        ParsedPatch patch =
                parse("*** Begin Patch\n*** Update File: file.py\n@@\n+line\n*** Add File: other.py\n+content\n"
                        + "*** End Patch");
        assertThat(patch.hunks())
                .containsExactly(
                        new Hunk.UpdateFile(
                                "file.py",
                                Optional.empty(),
                                List.of(new UpdateChunk(Optional.empty(), List.of(), List.of("line"), false))),
                        new Hunk.AddFile("other.py", "content\n"));
    }

    @Test
    void chunkLinesEmptyContextAndEndOfFile() throws Exception {
        ParsedPatch patch =
                parse("*** Begin Patch\n*** Update File: a\n@@ change_context\n\n context\n-remove\n+add\n context2\n"
                        + "@@\n+line\n*** End of File\n*** End Patch");
        Hunk.UpdateFile update = (Hunk.UpdateFile) patch.hunks().getFirst();
        assertThat(update.chunks())
                .containsExactly(
                        new UpdateChunk(
                                Optional.of("change_context"),
                                List.of("", "context", "remove", "context2"),
                                List.of("", "context", "add", "context2"),
                                false),
                        new UpdateChunk(Optional.empty(), List.of(), List.of("line"), true));
    }

    @Test
    void blankLinesBetweenChunksAreSkipped() throws Exception {
        ParsedPatch patch =
                parse("*** Begin Patch\n*** Update File: a\n@@\n-1\n+one\n\n   \n@@\n-2\n+two\n*** End Patch");
        // the blank line right after "+one" is an (empty) context line of the first chunk; the whitespace-only line
        // is a context line " " too, since it starts with a space: both belong to chunk one
        Hunk.UpdateFile update = (Hunk.UpdateFile) patch.hunks().getFirst();
        assertThat(update.chunks()).hasSize(2);
        assertThat(update.chunks().get(1).oldLines()).containsExactly("2");
    }

    @Test
    void whitespaceAroundMarkersAndHeadersIsTolerated() throws Exception {
        ParsedPatch patch = parse("  *** Begin Patch \n   *** Add File: foo\n+hi\n \t*** End Patch  \n\n");
        assertThat(patch.hunks()).containsExactly(new Hunk.AddFile("foo", "hi\n"));
    }

    @Test
    void crlfPatchLinesLoseTheirCarriageReturn() throws Exception {
        ParsedPatch patch = parse("*** Begin Patch\r\n*** Update File: a\r\n@@\r\n-x\r\n+y\r\n*** End Patch\r\n");
        Hunk.UpdateFile update = (Hunk.UpdateFile) patch.hunks().getFirst();
        assertThat(update.chunks().getFirst().oldLines()).containsExactly("x");
        assertThat(update.chunks().getFirst().newLines()).containsExactly("y");
    }

    @Test
    void lenientHeredocForms() throws Exception {
        String body = "*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch";
        for (String open : List.of("<<EOF", "<<'EOF'", "<<\"EOF\"")) {
            ParsedPatch patch = parse(open + "\n" + body + "\nEOF\n");
            assertThat(patch.text()).as(open).isEqualTo(body);
            assertThat(patch.hunks()).hasSize(1);
        }
        assertError(
                "<<\"EOF'\n" + body + "\nEOF\n",
                "invalid patch: The first line of the patch must be '*** Begin Patch'",
                "Invalid patch: The first line of the patch must be '*** Begin Patch'");
        assertError(
                "<<EOF\n*** Begin Patch\n*** Update File: file2.py\nEOF\n",
                "invalid patch: The last line of the patch must be '*** End Patch'",
                "Invalid patch: The last line of the patch must be '*** End Patch'");
    }

    @Test
    void absolutePathsAreKeptAsWritten() throws Exception {
        ParsedPatch patch = parse("*** Begin Patch\n*** Delete File: /tmp/x/gone.py\n*** End Patch");
        assertThat(patch.hunks()).containsExactly(new Hunk.DeleteFile("/tmp/x/gone.py"));
    }

    @Test
    void rustTrimUsesUnicodeWhiteSpace() {
        assertThat(RustText.trim("\u00A0 x \u3000")).isEqualTo("x");
        // U+001F is whitespace for Java's Character.isWhitespace but not for Rust
        assertThat(RustText.trim("\u001Fx")).isEqualTo("\u001Fx");
        assertThat(RustText.lines("a\r\nb\n\nc\n")).containsExactly("a", "b", "", "c");
        assertThat(RustText.lines("")).isEmpty();
    }
}
