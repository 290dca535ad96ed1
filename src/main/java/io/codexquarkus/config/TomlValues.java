package io.codexquarkus.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Conversions between TOML, JSON and the plain Java tree every config layer uses: {@code String}, {@code Long}, {@code
 * Double}, {@code Boolean}, TOML dates as {@code java.time} values, {@code List<Object>} and {@code Map<String,
 * Object>} (insertion-ordered).
 */
public final class TomlValues {
    private static final String PROBE_KEY = "_x_";

    private TomlValues() {}

    /** {@code 42} an integer, {@code [1,2]} an array, {@code {a=1}} a table; anything that is not TOML stays a string. */
    public static Object parseValueOrString(String text) {
        TomlParseResult parsed = Toml.parse(PROBE_KEY + " = " + text);
        if (parsed.hasErrors() || parsed.size() != 1 || !parsed.contains(PROBE_KEY)) {
            return text;
        }
        return fromToml(parsed.get(PROBE_KEY));
    }

    public static Map<String, Object> fromTable(TomlTable table) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : table.keySet()) {
            out.put(key, fromToml(table.get(List.of(key))));
        }
        return out;
    }

    static Object fromToml(Object value) {
        if (value instanceof TomlTable table) {
            return fromTable(table);
        }
        if (value instanceof TomlArray array) {
            List<Object> out = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                out.add(fromToml(array.get(i)));
            }
            return out;
        }
        return value;
    }

    /**
     * JSON to TOML as Codex converts the MCP tool's {@code config} map: null becomes the empty string, integers stay
     * integers, other numbers become floats, objects become tables.
     */
    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(element -> out.add(fromJson(element)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            out.put(field.getKey(), fromJson(field.getValue()));
        }
        return out;
    }

    /** A short type name for error messages, in TOML's vocabulary. */
    public static String typeName(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "string \"" + s + "\"";
            case Long l -> "integer " + l;
            case Double d -> "float " + d;
            case Boolean b -> "boolean " + b;
            case List<?> l -> "array";
            case Map<?, ?> m -> "table";
            default -> "date-time " + value;
        };
    }

    /** Renders a plain value as TOML source (for {@code config show}). */
    public static String toTomlLiteral(Object value) {
        return switch (value) {
            case null -> "\"\"";
            case String s -> quote(s);
            case List<?> list -> {
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(toTomlLiteral(list.get(i)));
                }
                yield out.append(']').toString();
            }
            case Map<?, ?> map -> {
                StringBuilder out = new StringBuilder("{");
                int i = 0;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(i++ == 0 ? " " : ", ")
                            .append(bareKey(String.valueOf(e.getKey())))
                            .append(" = ")
                            .append(toTomlLiteral(e.getValue()));
                }
                yield out.append(map.isEmpty() ? "}" : " }").toString();
            }
            default -> String.valueOf(value);
        };
    }

    public static String bareKey(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : quote(key);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    // TOML basic strings may not hold raw control characters, DEL included
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
