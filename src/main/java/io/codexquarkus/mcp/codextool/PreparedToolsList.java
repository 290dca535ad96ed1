package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code tools/list} result as the build wrote it ({@link #main}, in {@code process-classes}) from {@link
 * ToolDefinitions#toolsList()}. Building it at run time means Jackson introspecting the schema records for the first
 * time, ~50 ms that a client waits for right after {@code initialize}; parsing the written JSON back is a fraction of
 * that and gives the same tree, so the answer's bytes are the same.
 */
public final class PreparedToolsList {
    static final String RESOURCE = "io/codexquarkus/mcp/codextool/tools-list.json";

    private PreparedToolsList() {}

    /** The prepared result, or the one built now when the resource is missing or unreadable. */
    public static ObjectNode load() {
        try (InputStream in = PreparedToolsList.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null
                    && Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            instanceof ObjectNode prepared) {
                return prepared;
            }
        } catch (IOException | RuntimeException e) {
            // built below instead
        }
        return ToolDefinitions.toolsList();
    }

    /** Build step: writes the result under {@code args[0]} (the class output directory). */
    public static void main(String[] args) {
        Path file = Path.of(args[0]).resolve(RESOURCE);
        JsonNode result = ToolDefinitions.toolsList();
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.write(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
