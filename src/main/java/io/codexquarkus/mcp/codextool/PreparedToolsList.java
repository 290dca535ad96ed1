package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.common.PreparedResources;
import java.nio.file.Path;

/**
 * The {@code tools/list} result as the build wrote it ({@link #writeTo}, in {@code process-classes}) from {@link
 * ToolDefinitions#toolsList()}. Building it at run time means Jackson introspecting the schema records for the first
 * time, ~50 ms that a client waits for right after {@code initialize}; parsing the written JSON back is a fraction of
 * that and gives the same tree, so the answer's bytes are the same.
 */
public final class PreparedToolsList {
    static final String RESOURCE = "io/codexquarkus/mcp/codextool/tools-list.json";

    private PreparedToolsList() {}

    /** The prepared result, or the one built now when the resource is missing or unreadable. */
    public static ObjectNode load() {
        try {
            if (PreparedResources.read(RESOURCE).map(Json::parse).orElse(null) instanceof ObjectNode prepared) {
                return prepared;
            }
        } catch (RuntimeException e) {
            // built below instead
        }
        return ToolDefinitions.toolsList();
    }

    /** Build step: writes the result under {@code classesDir}. */
    public static void writeTo(Path classesDir) {
        PreparedResources.write(classesDir, RESOURCE, Json.write(ToolDefinitions.toolsList()));
    }
}
