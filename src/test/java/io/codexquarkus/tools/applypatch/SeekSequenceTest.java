package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeekSequenceTest {
    @Test
    void passOneExactMatch() {
        assertThat(SeekSequence.seek(List.of("foo", "bar", "baz"), List.of("bar", "baz"), 0, false))
                .isEqualTo(1);
    }

    @Test
    void passTwoIgnoresTrailingWhitespace() {
        List<String> lines = List.of("foo   ", "bar\t\t");
        List<String> pattern = List.of("foo", "bar");
        assertThat(SeekSequence.seek(lines, pattern, 0, false, 1)).isEqualTo(-1);
        assertThat(SeekSequence.seek(lines, pattern, 0, false, 2)).isZero();
    }

    @Test
    void passThreeIgnoresLeadingAndTrailingWhitespace() {
        List<String> lines = List.of("    foo   ", "   bar\t");
        List<String> pattern = List.of("foo", "bar");
        assertThat(SeekSequence.seek(lines, pattern, 0, false, 2)).isEqualTo(-1);
        assertThat(SeekSequence.seek(lines, pattern, 0, false, 3)).isZero();
    }

    @Test
    void passFourNormalisesTypographicPunctuation() {
        List<String> lines = List.of("import asyncio  # local import \u2013 avoids top\u2011level dep");
        List<String> pattern = List.of("import asyncio  # local import - avoids top-level dep");
        assertThat(SeekSequence.seek(lines, pattern, 0, false, 3)).isEqualTo(-1);
        assertThat(SeekSequence.seek(lines, pattern, 0, false, 4)).isZero();
        assertThat(SeekSequence.seek(
                        List.of("\u201Cquoted\u201D \u2018single\u2019\u00A0x\u3000y \u22121"),
                        List.of("\"quoted\" 'single' x y -1"),
                        0,
                        false))
                .isZero();
    }

    @Test
    void aStricterPassWinsOverAnEarlierFuzzyMatch() {
        List<String> lines = List.of("  target", "other", "target");
        assertThat(SeekSequence.seek(lines, List.of("target"), 0, false)).isEqualTo(2);
    }

    @Test
    void searchStartsAtTheCursor() {
        List<String> lines = List.of("x", "y", "x", "y");
        assertThat(SeekSequence.seek(lines, List.of("x"), 1, false)).isEqualTo(2);
        assertThat(SeekSequence.seek(lines, List.of("x"), 3, false)).isEqualTo(-1);
    }

    @Test
    void endOfFileLooksAtTheLastWindowOnly() {
        List<String> lines = List.of("end", "middle", "end");
        assertThat(SeekSequence.seek(lines, List.of("end"), 0, true)).isEqualTo(2);
        assertThat(SeekSequence.seek(lines, List.of("middle"), 0, true)).isEqualTo(-1);
    }

    @Test
    void edgeCases() {
        assertThat(SeekSequence.seek(List.of("a"), List.of(), 5, false)).isEqualTo(5);
        assertThat(SeekSequence.seek(List.of("just one line"), List.of("too", "many", "lines"), 0, false))
                .isEqualTo(-1);
        assertThat(SeekSequence.seek(List.of(), List.of("a"), 0, true)).isEqualTo(-1);
    }
}
