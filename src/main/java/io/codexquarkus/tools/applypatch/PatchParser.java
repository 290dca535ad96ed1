package io.codexquarkus.tools.applypatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the {@code *** Begin Patch} format leniently, as upstream does for every model: markers may carry surrounding
 * whitespace, the first chunk of an update may omit its {@code @@} line, blank lines between chunks are skipped, and a
 * patch wrapped in a heredoc ({@code <<'EOF'} … {@code EOF}) is unwrapped. Line numbers in errors are 1-based.
 */
public final class PatchParser {
    static final String BEGIN_PATCH = "*** Begin Patch";
    static final String END_PATCH = "*** End Patch";
    static final String ADD_FILE = "*** Add File: ";
    static final String DELETE_FILE = "*** Delete File: ";
    static final String UPDATE_FILE = "*** Update File: ";
    static final String MOVE_TO = "*** Move to: ";
    static final String END_OF_FILE = "*** End of File";
    static final String CONTEXT = "@@ ";
    static final String EMPTY_CONTEXT = "@@";

    private static final String NO_LINES = "Update hunk does not contain any lines";

    private PatchParser() {}

    public static ParsedPatch parse(String text) throws PatchParseException {
        List<String> lines = RustText.lines(RustText.trim(text));
        List<String> patchLines = checkBoundariesLenient(lines);
        List<String> body = patchLines.subList(1, patchLines.size() - 1);

        List<Hunk> hunks = new ArrayList<>();
        int offset = 0;
        int lineNumber = 2;
        while (offset < body.size()) {
            int consumed = parseHunk(body.subList(offset, body.size()), lineNumber, hunks);
            lineNumber += consumed;
            offset += consumed;
        }
        return new ParsedPatch(String.join("\n", patchLines), hunks);
    }

    /** True when {@code text} parses as a patch. */
    public static boolean isPatch(String text) {
        try {
            parse(text);
            return true;
        } catch (PatchParseException e) {
            return false;
        }
    }

    private static List<String> checkBoundariesLenient(List<String> lines) throws PatchParseException {
        PatchParseException strictError;
        try {
            checkBoundariesStrict(lines);
            return lines;
        } catch (PatchParseException e) {
            strictError = e;
        }
        // Some models send the heredoc a shell would have consumed: <<'EOF' / patch / EOF.
        if (lines.size() >= 4) {
            String first = lines.getFirst();
            String last = lines.getLast();
            if ((first.equals("<<EOF") || first.equals("<<'EOF'") || first.equals("<<\"EOF\""))
                    && last.endsWith("EOF")) {
                List<String> inner = lines.subList(1, lines.size() - 1);
                checkBoundariesStrict(inner);
                return inner;
            }
        }
        throw strictError;
    }

    private static void checkBoundariesStrict(List<String> lines) throws PatchParseException {
        String first = lines.isEmpty() ? null : RustText.trim(lines.getFirst());
        String last = lines.isEmpty() ? null : RustText.trim(lines.getLast());
        if (BEGIN_PATCH.equals(first) && END_PATCH.equals(last)) {
            return;
        }
        if (first != null && !first.equals(BEGIN_PATCH)) {
            throw PatchParseException.invalidPatch("The first line of the patch must be '*** Begin Patch'");
        }
        throw PatchParseException.invalidPatch("The last line of the patch must be '*** End Patch'");
    }

    /** Parses the hunk at the start of {@code lines} into {@code hunks}; returns the number of lines it used. */
    private static int parseHunk(List<String> lines, int lineNumber, List<Hunk> hunks) throws PatchParseException {
        String firstLine = RustText.trim(lines.getFirst());
        if (firstLine.startsWith(ADD_FILE)) {
            StringBuilder contents = new StringBuilder();
            int parsed = 1;
            for (String rawLine : lines.subList(1, lines.size())) {
                if (!rawLine.startsWith("+")) {
                    break;
                }
                String line = withoutCr(rawLine);
                contents.append(line, 1, line.length()).append('\n');
                parsed++;
            }
            hunks.add(new Hunk.AddFile(firstLine.substring(ADD_FILE.length()), contents.toString()));
            return parsed;
        }
        if (firstLine.startsWith(DELETE_FILE)) {
            hunks.add(new Hunk.DeleteFile(firstLine.substring(DELETE_FILE.length())));
            return 1;
        }
        if (firstLine.startsWith(UPDATE_FILE)) {
            String path = firstLine.substring(UPDATE_FILE.length());
            int parsed = 1;
            Optional<String> movePath = Optional.empty();
            String second = lines.size() > 1 ? RustText.trim(lines.get(1)) : "";
            if (second.startsWith(MOVE_TO)) {
                movePath = Optional.of(second.substring(MOVE_TO.length()));
                parsed++;
            }
            List<UpdateChunk> chunks = new ArrayList<>();
            while (parsed < lines.size()) {
                String line = lines.get(parsed);
                if (RustText.isBlank(line) && !chunks.isEmpty()) {
                    // blank lines between chunks are skipped; before the first one a blank line is an empty
                    // context line of a chunk without "@@", as upstream reads it
                    parsed++;
                    continue;
                }
                if (line.startsWith("*")) {
                    break;
                }
                parsed +=
                        parseChunk(lines.subList(parsed, lines.size()), lineNumber + parsed, chunks.isEmpty(), chunks);
            }
            if (chunks.isEmpty()) {
                throw PatchParseException.invalidHunk("Update file hunk for path '" + path + "' is empty", lineNumber);
            }
            hunks.add(new Hunk.UpdateFile(path, movePath, chunks));
            return parsed;
        }
        throw PatchParseException.invalidHunk(
                "'" + firstLine + "' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}',"
                        + " '*** Delete File: {path}', '*** Update File: {path}'",
                lineNumber);
    }

    /**
     * A patch line without one trailing CR: splitting the patch into lines already took one off a CRLF line, and
     * upstream takes one more, so a {@code \r\r\n} line carries no CR into the file.
     */
    private static String withoutCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Parses one chunk at the start of {@code lines} into {@code chunks}; returns the number of lines it used. */
    private static int parseChunk(
            List<String> lines, int lineNumber, boolean allowMissingContext, List<UpdateChunk> chunks)
            throws PatchParseException {
        String first = lines.getFirst();
        Optional<String> changeContext;
        int start;
        if (RustText.trim(first).equals(EMPTY_CONTEXT)) {
            changeContext = Optional.empty();
            start = 1;
        } else if (first.startsWith(CONTEXT)) {
            changeContext = Optional.of(first.substring(CONTEXT.length()));
            start = 1;
        } else if (allowMissingContext) {
            changeContext = Optional.empty();
            start = 0;
        } else {
            throw PatchParseException.invalidHunk(
                    "Expected update hunk to start with a @@ context marker, got: '" + first + "'", lineNumber);
        }
        if (start >= lines.size()) {
            throw PatchParseException.invalidHunk(NO_LINES, lineNumber + 1);
        }
        List<String> oldLines = new ArrayList<>();
        List<String> newLines = new ArrayList<>();
        boolean endOfFile = false;
        int parsed = 0;
        for (String rawLine : lines.subList(start, lines.size())) {
            String line = withoutCr(rawLine);
            if (RustText.trim(line).equals(END_OF_FILE)) {
                if (parsed == 0) {
                    throw PatchParseException.invalidHunk(NO_LINES, lineNumber + start);
                }
                endOfFile = true;
                parsed++;
                break;
            }
            if (line.isEmpty()) {
                // an empty line stands for an empty context line (editors strip the lone space)
                oldLines.add("");
                newLines.add("");
            } else {
                char marker = line.charAt(0);
                String rest = line.substring(1);
                if (marker == ' ') {
                    oldLines.add(rest);
                    newLines.add(rest);
                } else if (marker == '+') {
                    newLines.add(rest);
                } else if (marker == '-') {
                    oldLines.add(rest);
                } else if (parsed == 0) {
                    throw PatchParseException.invalidHunk(
                            "Unexpected line found in update hunk: '" + line + "'. Every line should start with ' '"
                                    + " (context line), '+' (added line), or '-' (removed line)",
                            lineNumber + start);
                } else {
                    // the start of the next chunk
                    break;
                }
            }
            parsed++;
        }
        chunks.add(new UpdateChunk(changeContext, oldLines, newLines, endOfFile));
        return parsed + start;
    }
}
