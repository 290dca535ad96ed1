package io.codexquarkus.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How tools word bad arguments, as Codex does (serde's messages): {@code failed to parse function arguments: invalid
 * type: integer `5`, expected a string}.
 */
public final class ToolArguments {
    private ToolArguments() {}

    /** The reply the model gets for unusable arguments. */
    public static IllegalArgumentException error(String detail) {
        return new IllegalArgumentException("failed to parse function arguments: " + detail);
    }

    /** A JSON value described as serde names it ({@code integer `5`}, {@code string "x"}, {@code map}…). */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "sequence";
            case BOOLEAN -> "boolean `" + node.asText() + "`";
            case NULL -> "null";
            case NUMBER -> (node.isIntegralNumber() ? "integer `" : "floating point `") + node.asText() + "`";
            case OBJECT, POJO -> "map";
            case STRING -> "string \"" + node.textValue() + "\"";
            case BINARY, MISSING -> "nothing";
        };
    }
}
