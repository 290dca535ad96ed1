package io.codexquarkus.tools.applypatch;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Finds a run of lines in a file with decreasing strictness, as upstream's {@code seek_sequence}: each pass scans the
 * whole range before the next, looser pass is tried, so an exact match always wins over a fuzzy one further up.
 *
 * <ol>
 *   <li>exact equality;
 *   <li>equality after trimming trailing whitespace;
 *   <li>equality after trimming both ends;
 *   <li>equality after trimming and mapping typographic punctuation (dashes, quotes, odd spaces) to ASCII.
 * </ol>
 */
public final class SeekSequence {
    /** How many passes there are; {@link #seek(List, List, int, boolean, int)} can stop after fewer. */
    public static final int PASSES = 4;

    private static final List<UnaryOperator<String>> NORMALISERS =
            List.of(UnaryOperator.identity(), RustText::trimEnd, RustText::trim, SeekSequence::normalisePunctuation);

    private SeekSequence() {}

    /**
     * The index of the first window equal to {@code pattern} at or after {@code start}, or -1.
     *
     * @param eof look from the last possible window onwards (a chunk marked {@code *** End of File}); as upstream,
     *     there is no fallback to {@code start}
     */
    public static int seek(List<String> lines, List<String> pattern, int start, boolean eof) {
        return seek(lines, pattern, start, eof, PASSES);
    }

    /** As {@link #seek(List, List, int, boolean)}, trying only the first {@code passes} passes (for tests). */
    public static int seek(List<String> lines, List<String> pattern, int start, boolean eof, int passes) {
        if (pattern.isEmpty()) {
            return start;
        }
        if (pattern.size() > lines.size()) {
            return -1;
        }
        int last = lines.size() - pattern.size();
        int from = eof ? last : start;
        if (from > last) {
            return -1;
        }
        for (UnaryOperator<String> normaliser : NORMALISERS.subList(0, Math.min(passes, PASSES))) {
            // normalise each line once per pass, not once per window
            List<String> candidates =
                    lines.subList(from, lines.size()).stream().map(normaliser).toList();
            List<String> wanted = pattern.stream().map(normaliser).toList();
            for (int i = 0; i <= last - from; i++) {
                if (candidates.subList(i, i + wanted.size()).equals(wanted)) {
                    return from + i;
                }
            }
        }
        return -1;
    }

    /** Trims, then maps Unicode dashes, quotes and spaces to their ASCII look-alikes. */
    static String normalisePunctuation(String s) {
        String trimmed = RustText.trim(s);
        StringBuilder out = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            out.append(asciiLookAlike(trimmed.charAt(i)));
        }
        return out.toString();
    }

    private static char asciiLookAlike(char c) {
        return switch (c) {
            case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212' -> '-';
            case '\u2018', '\u2019', '\u201A', '\u201B' -> '\'';
            case '\u201C', '\u201D', '\u201E', '\u201F' -> '"';
            case '\u00A0',
                    '\u2002',
                    '\u2003',
                    '\u2004',
                    '\u2005',
                    '\u2006',
                    '\u2007',
                    '\u2008',
                    '\u2009',
                    '\u200A',
                    '\u202F',
                    '\u205F',
                    '\u3000' -> ' ';
            default -> c;
        };
    }
}
