package io.codexquarkus.tools.applypatch;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * Line-based unified diffs in the shape upstream prints them (the {@code similar} crate): hunk headers {@code @@ -a,b
 * +c,d @@} with a count of 1 omitted and an empty range starting one line earlier, removed lines before added ones,
 * and {@code \ No newline at end of file} after a last line without newline. Hunks closer than twice the context merge
 * (difflib's grouping).
 */
public final class UnifiedDiff {
    private UnifiedDiff() {}

    private enum Tag {
        EQUAL,
        DELETE,
        INSERT,
        REPLACE
    }

    /** A run of old lines {@code [i1, i2)} and new lines {@code [j1, j2)}. */
    private record Op(Tag tag, int i1, int i2, int j1, int j2) {}

    /** The hunks only (no {@code ---}/{@code +++} header); empty when the texts are equal. */
    public static String diff(String oldText, String newText, int context) {
        return diff(oldText, newText, context, null, null);
    }

    /**
     * The diff with a {@code --- oldHeader} / {@code +++ newHeader} header before the first hunk (no header when there
     * is no hunk).
     */
    public static String diff(String oldText, String newText, int context, String oldHeader, String newHeader) {
        List<String> oldLines = splitKeepingNewlines(oldText);
        List<String> newLines = splitKeepingNewlines(newText);
        List<List<Op>> groups = group(opcodes(oldLines, newLines), context);
        StringBuilder out = new StringBuilder();
        for (List<Op> group : groups) {
            if (out.isEmpty() && oldHeader != null) {
                out.append("--- ").append(oldHeader).append('\n');
                out.append("+++ ").append(newHeader).append('\n');
            }
            Op first = group.getFirst();
            Op last = group.getLast();
            out.append("@@ -")
                    .append(range(first.i1(), last.i2()))
                    .append(" +")
                    .append(range(first.j1(), last.j2()))
                    .append(" @@\n");
            for (Op op : group) {
                if (op.tag() == Tag.EQUAL) {
                    appendLines(out, ' ', oldLines, op.i1(), op.i2());
                    continue;
                }
                appendLines(out, '-', oldLines, op.i1(), op.i2());
                appendLines(out, '+', newLines, op.j1(), op.j2());
            }
        }
        return out.toString();
    }

    private static void appendLines(StringBuilder out, char sign, List<String> lines, int from, int to) {
        for (String line : lines.subList(from, to)) {
            out.append(sign).append(line);
            if (!line.endsWith("\n")) {
                out.append("\n\\ No newline at end of file\n");
            }
        }
    }

    private static String range(int start, int end) {
        int length = end - start;
        if (length == 1) {
            return Integer.toString(start + 1);
        }
        return (length == 0 ? start : start + 1) + "," + length;
    }

    /** Lines with their {@code \n}; a last line without newline is a line of its own (so it differs from "x\n"). */
    static List<String> splitKeepingNewlines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    private static List<Op> opcodes(List<String> oldLines, List<String> newLines) {
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(oldLines, newLines).getDeltas()) {
            int si = delta.getSource().getPosition();
            int sj = delta.getTarget().getPosition();
            if (si > i) {
                ops.add(new Op(Tag.EQUAL, i, si, j, sj));
            }
            int ei = si + delta.getSource().size();
            int ej = sj + delta.getTarget().size();
            Tag tag = ei == si ? Tag.INSERT : ej == sj ? Tag.DELETE : Tag.REPLACE;
            ops.add(new Op(tag, si, ei, sj, ej));
            i = ei;
            j = ej;
        }
        if (i < oldLines.size()) {
            ops.add(new Op(Tag.EQUAL, i, oldLines.size(), j, newLines.size()));
        }
        return ops;
    }

    /** difflib's {@code get_grouped_opcodes}: changes with up to {@code n} lines of context around them. */
    private static List<List<Op>> group(List<Op> ops, int n) {
        List<List<Op>> groups = new ArrayList<>();
        if (ops.stream().allMatch(op -> op.tag() == Tag.EQUAL)) {
            return groups;
        }
        List<Op> codes = new ArrayList<>(ops);
        Op first = codes.getFirst();
        if (first.tag() == Tag.EQUAL) {
            codes.set(
                    0,
                    new Op(
                            Tag.EQUAL,
                            Math.max(first.i1(), first.i2() - n),
                            first.i2(),
                            Math.max(first.j1(), first.j2() - n),
                            first.j2()));
        }
        Op last = codes.getLast();
        if (last.tag() == Tag.EQUAL) {
            codes.set(
                    codes.size() - 1,
                    new Op(
                            Tag.EQUAL,
                            last.i1(),
                            Math.min(last.i2(), last.i1() + n),
                            last.j1(),
                            Math.min(last.j2(), last.j1() + n)));
        }
        List<Op> current = new ArrayList<>();
        for (Op op : codes) {
            Op next = op;
            if (op.tag() == Tag.EQUAL && op.i2() - op.i1() > 2 * n) {
                current.add(new Op(
                        Tag.EQUAL, op.i1(), Math.min(op.i2(), op.i1() + n), op.j1(), Math.min(op.j2(), op.j1() + n)));
                groups.add(current);
                current = new ArrayList<>();
                next = new Op(
                        Tag.EQUAL, Math.max(op.i1(), op.i2() - n), op.i2(), Math.max(op.j1(), op.j2() - n), op.j2());
            }
            current.add(next);
        }
        if (!(current.size() == 1 && current.getFirst().tag() == Tag.EQUAL)) {
            groups.add(current);
        }
        // a leading context trimmed to nothing would give an empty equal op: harmless, but keep hunks tidy
        groups.forEach(g -> g.removeIf(op -> op.tag() == Tag.EQUAL && op.i1() == op.i2()));
        return groups;
    }
}
