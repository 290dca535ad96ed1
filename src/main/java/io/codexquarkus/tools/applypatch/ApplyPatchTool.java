package io.codexquarkus.tools.applypatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.tools.ToolArguments;

/**
 * The apply_patch tool as the model sees it (Responses API tool JSON): the freeform variant, whose output is
 * constrained by a Lark grammar of the patch format, and the function variant with a single {@code input} string.
 */
public final class ApplyPatchTool {
    public static final String NAME = "apply_patch";

    /** The patch format as a Lark grammar; the language is the one upstream's grammar accepts. */
    public static final String LARK_GRAMMAR = """
            start: patch_open file_op+ patch_close
            patch_open: "*** Begin Patch" LF
            patch_close: "*** End Patch" LF?

            file_op: add_op | delete_op | update_op
            add_op: "*** Add File: " path LF added_line+
            delete_op: "*** Delete File: " path LF
            update_op: "*** Update File: " path LF rename? diff_block?

            path: /(.+)/
            added_line: "+" /(.*)/ LF -> line

            rename: "*** Move to: " path LF
            diff_block: (anchor | diff_line)+ eof_marker?
            anchor: ("@@" | "@@ " /(.+)/) LF
            diff_line: ("+" | "-" | " ") /(.*)/ LF
            eof_marker: "*** End of File" LF

            %import common.LF
            """;

    private static final String FREEFORM_DESCRIPTION =
            "Edit files by sending a patch in the apply_patch format. This is a freeform tool: send the patch text"
                    + " itself, not JSON.";

    private static final String FUNCTION_DESCRIPTION = """
            Edit files with a patch. Send the whole patch as the `input` argument.

            A patch is wrapped in an envelope:

            *** Begin Patch
            [one or more file operations]
            *** End Patch

            Each file operation starts with a header naming the action:

            *** Add File: <path>      create a file; every following line is content and starts with +
            *** Delete File: <path>   remove a file; nothing follows
            *** Update File: <path>   change a file in place; may be followed by *** Move to: <new path> to rename it

            An update is made of hunks. A hunk starts with @@, optionally followed by a line that locates it (a class
            or function header). Inside a hunk, a line starting with a space is unchanged context, - marks a removed
            line and + an added one. Show 3 lines of context above and below each change; when that is not enough to
            make the place unique, add @@ lines naming the enclosing class or function (several may follow each
            other). End a hunk that changes the end of the file with *** End of File.

            Grammar:

            Patch := Begin { FileOp } End
            Begin := "*** Begin Patch" NEWLINE
            End := "*** End Patch" NEWLINE
            FileOp := AddFile | DeleteFile | UpdateFile
            AddFile := "*** Add File: " path NEWLINE { "+" line NEWLINE }
            DeleteFile := "*** Delete File: " path NEWLINE
            UpdateFile := "*** Update File: " path NEWLINE [ MoveTo ] { Hunk }
            MoveTo := "*** Move to: " newPath NEWLINE
            Hunk := "@@" [ header ] NEWLINE { HunkLine } [ "*** End of File" NEWLINE ]
            HunkLine := (" " | "-" | "+") text NEWLINE

            Example:

            *** Begin Patch
            *** Add File: docs/notes.md
            +# Notes
            +First entry.
            *** Update File: src/app.py
            *** Move to: src/main.py
            @@ def greet():
            -    print("hi")
            +    print("hello")
            *** Delete File: old/unused.py
            *** End Patch

            Remember:
            - every file operation needs its header (Add, Delete or Update);
            - lines of a new file start with +, like added lines;
            - paths are relative to the working directory, never absolute.
            """;

    private ApplyPatchTool() {}

    /** {@code {"type":"custom","name":"apply_patch","description":…,"format":{"type":"grammar",…}}}. */
    public static JsonNode freeformDefinition() {
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.put("type", "custom");
        tool.put("name", NAME);
        tool.put("description", FREEFORM_DESCRIPTION);
        ObjectNode format = tool.putObject("format");
        format.put("type", "grammar");
        format.put("syntax", "lark");
        format.put("definition", LARK_GRAMMAR);
        return tool;
    }

    /** The function variant: {@code parameters} with one required string property {@code input}. */
    public static JsonNode functionDefinition() {
        ObjectNode tool = JsonNodeFactory.instance.objectNode();
        tool.put("type", "function");
        tool.put("name", NAME);
        tool.put("description", FUNCTION_DESCRIPTION);
        tool.put("strict", false);
        ObjectNode parameters = tool.putObject("parameters");
        parameters.put("type", "object");
        ObjectNode input = parameters.putObject("properties").putObject("input");
        input.put("type", "string");
        input.put("description", "The entire contents of the apply_patch command");
        ArrayNode required = parameters.putArray("required");
        required.add("input");
        parameters.put("additionalProperties", false);
        return tool;
    }

    /**
     * The patch of a function-variant call ({@code {"input":"<patch>"}}).
     *
     * @throws IllegalArgumentException whose message is the reply for the model: {@code failed to parse function
     *     arguments: <error>}
     */
    public static String parseFunctionArguments(String argumentsJson) {
        JsonNode root = ToolArguments.parse(argumentsJson);
        if (!root.isObject()) {
            throw ToolArguments.error(
                    "invalid type: " + ToolArguments.kind(root) + ", expected struct ApplyPatchToolArgs");
        }
        JsonNode input = root.get("input");
        if (input == null) {
            throw ToolArguments.error("missing field `input`");
        }
        if (!input.isTextual()) {
            throw ToolArguments.error("invalid type: " + ToolArguments.kind(input) + ", expected a string");
        }
        return input.textValue();
    }
}
