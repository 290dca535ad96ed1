package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Diffs as upstream's verification shows them (one line of context) and the turn diff (three). */
class UnifiedDiffTest {
    @Test
    void twoChangesCloseEnoughShareAHunk() {
        assertThat(UnifiedDiff.diff("foo\nbar\nbaz\nqux\n", "foo\nBAR\nbaz\nQUX\n", 1))
                .isEqualTo("@@ -1,4 +1,4 @@\n foo\n-bar\n+BAR\n baz\n-qux\n+QUX\n");
    }

    @Test
    void firstAndLastLineReplacement() {
        assertThat(UnifiedDiff.diff("foo\nbar\nbaz\n", "FOO\nbar\nbaz\n", 1))
                .isEqualTo("@@ -1,2 +1,2 @@\n-foo\n+FOO\n bar\n");
        assertThat(UnifiedDiff.diff("foo\nbar\nbaz\n", "foo\nbar\nBAZ\n", 1))
                .isEqualTo("@@ -2,2 +2,2 @@\n bar\n-baz\n+BAZ\n");
    }

    @Test
    void singleLineRangesOmitTheCount() {
        assertThat(UnifiedDiff.diff("foo\nbar\nbaz\n", "foo\nbar\nbaz\nquux\n", 1))
                .isEqualTo("@@ -3 +3,2 @@\n baz\n+quux\n");
        assertThat(UnifiedDiff.diff("original content\n", "modified content\n", 1))
                .isEqualTo("@@ -1 +1 @@\n-original content\n+modified content\n");
        assertThat(UnifiedDiff.diff("", "foo\n", 3)).isEqualTo("@@ -0,0 +1 @@\n+foo\n");
        assertThat(UnifiedDiff.diff("x\n", "", 3)).isEqualTo("@@ -1 +0,0 @@\n-x\n");
    }

    @Test
    void interleavedChangesWithEnoughContextMerge() {
        assertThat(UnifiedDiff.diff("a\nb\nc\nd\ne\nf\n", "a\nB\nc\nd\nE\nf\ng\n", 1))
                .isEqualTo("@@ -1,6 +1,7 @@\n a\n-b\n+B\n c\n d\n-e\n+E\n f\n+g\n");
    }

    @Test
    void distantChangesGetSeparateHunks() {
        String old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        String updated = "one\n2\n3\n4\n5\n6\n7\n8\n9\nten\n";
        assertThat(UnifiedDiff.diff(old, updated, 1))
                .isEqualTo("@@ -1,2 +1,2 @@\n-1\n+one\n 2\n@@ -9,2 +9,2 @@\n 9\n-10\n+ten\n");
        assertThat(UnifiedDiff.diff(old, updated, 3))
                .isEqualTo("@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+ten\n");
    }

    @Test
    void missingFinalNewlineIsMarked() {
        assertThat(UnifiedDiff.diff("no newline at end", "first line\nsecond line\n", 1))
                .isEqualTo("""
                        @@ -1 +1,2 @@
                        -no newline at end
                        \\ No newline at end of file
                        +first line
                        +second line
                        """);
    }

    @Test
    void headersOnlyWithHunks() {
        assertThat(UnifiedDiff.diff("same\n", "same\n", 3, "a/x", "b/x")).isEmpty();
        assertThat(UnifiedDiff.diff("a\n", "b\n", 3, "a/x", "b/x"))
                .isEqualTo("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n");
    }
}
