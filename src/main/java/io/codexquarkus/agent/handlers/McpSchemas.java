package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An MCP tool's input schema made acceptable as function parameters, as upstream sanitises it: the root gets empty
 * {@code properties} when it has none; every schema node gets a {@code type} (the first supported member of a type
 * array, else inferred: {@code object} from properties/required/additionalProperties, {@code array} from
 * items/prefixItems, {@code string} from enum/const/format, {@code number} from the numeric bounds, else {@code
 * string}); boolean schemas become {@code {"type":"string"}}; objects get {@code properties}, arrays get {@code items}
 * ({@code {"type":"string"}}) when missing. The server's own schema is never modified.
 */
final class McpSchemas {
    private static final Set<String> SUPPORTED =
            Set.of("object", "array", "string", "number", "integer", "boolean", "null");
    private static final List<String> OBJECT_HINTS = List.of("properties", "required", "additionalProperties");
    private static final List<String> ARRAY_HINTS = List.of("items", "prefixItems");
    private static final List<String> STRING_HINTS = List.of("enum", "const", "format");
    private static final List<String> NUMBER_HINTS =
            List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");
    private static final List<String> SCHEMA_LISTS = List.of("oneOf", "anyOf", "allOf", "prefixItems");

    private McpSchemas() {}

    static ObjectNode parameters(JsonNode inputSchema) {
        ObjectNode root = inputSchema instanceof ObjectNode object
                ? object.deepCopy()
                : Json.MAPPER.createObjectNode().put("type", "object");
        JsonNode properties = root.get("properties");
        if (properties == null || properties.isNull()) {
            root.putObject("properties");
        }
        return (ObjectNode) sanitize(root);
    }

    private static JsonNode sanitize(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return Json.MAPPER.createObjectNode().put("type", "string");
        }
        String type = type(schema);
        schema.put("type", type);
        if (type.equals("object")) {
            JsonNode properties = schema.get("properties");
            if (!(properties instanceof ObjectNode)) {
                schema.putObject("properties");
            } else {
                for (Map.Entry<String, JsonNode> property : properties.properties()) {
                    property.setValue(sanitize(property.getValue()));
                }
            }
            if (schema.get("additionalProperties") instanceof ObjectNode additional) {
                schema.set("additionalProperties", sanitize(additional));
            }
        }
        if (type.equals("array") && !schema.has("items")) {
            schema.putObject("items").put("type", "string");
        } else if (schema.has("items")) {
            JsonNode items = schema.get("items");
            schema.set("items", items instanceof ArrayNode tuple ? sanitizeAll(tuple) : sanitize(items));
        }
        for (String key : SCHEMA_LISTS) {
            if (schema.get(key) instanceof ArrayNode list) {
                schema.set(key, sanitizeAll(list));
            }
        }
        return schema;
    }

    private static ArrayNode sanitizeAll(ArrayNode list) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        list.forEach(member -> out.add(sanitize(member)));
        return out;
    }

    private static String type(ObjectNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual() && SUPPORTED.contains(type.asText())) {
            return type.asText();
        }
        if (type instanceof ArrayNode members) {
            for (JsonNode member : members) {
                if (member.isTextual() && SUPPORTED.contains(member.asText())) {
                    return member.asText();
                }
            }
        }
        if (OBJECT_HINTS.stream().anyMatch(schema::has)) {
            return "object";
        }
        if (ARRAY_HINTS.stream().anyMatch(schema::has)) {
            return "array";
        }
        if (STRING_HINTS.stream().anyMatch(schema::has)) {
            return "string";
        }
        if (NUMBER_HINTS.stream().anyMatch(schema::has)) {
            return "number";
        }
        return "string";
    }
}
