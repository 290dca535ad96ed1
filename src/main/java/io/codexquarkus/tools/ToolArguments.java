package io.codexquarkus.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;

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

    /**
     * The arguments as a JSON tree, whatever its type (the caller checks it).
     *
     * @throws IllegalArgumentException with serde's wording when the text is not JSON or empty
     */
    public static JsonNode parse(String argumentsJson) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(argumentsJson);
        } catch (JsonProcessingException e) {
            throw error(e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw error("EOF while parsing a value");
        }
        return root;
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
