package io.codexquarkus.cli;

import io.codexquarkus.mcp.codextool.PreparedToolsList;
import java.nio.file.Path;

/**
 * Build step ({@code process-classes}): writes what start-up reads instead of computing it, into the class output
 * directory {@code args[0]}: the help and version texts ({@link PreparedHelp}) and the MCP {@code tools/list} result
 * ({@link PreparedToolsList}). One JVM for all of them.
 */
public final class PreparedTexts {
    private PreparedTexts() {}

    public static void main(String[] args) {
        Path classesDir = Path.of(args[0]);
        PreparedHelp.writeTo(classesDir);
        PreparedToolsList.writeTo(classesDir);
    }
}
