package io.codexquarkus.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SandboxPolicy} to and from its wire JSON without Jackson, for the Linux helper, which must start in a few
 * milliseconds. The output is byte-for-byte what the shared Jackson mapper writes; the parser accepts any JSON that
 * mapper accepts for this type (unknown members ignored, absent booleans false).
 */
public final class SandboxPolicyJson {
    private SandboxPolicyJson() {}

    public static String write(SandboxPolicy policy) {
        StringBuilder out = new StringBuilder(128);
        if (policy instanceof SandboxPolicy.WorkspaceWrite w) {
            out.append("{\"mode\":\"workspace-write\"");
            if (!w.writableRoots().isEmpty()) {
                out.append(",\"writable_roots\":[");
                for (int i = 0; i < w.writableRoots().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    quote(out, w.writableRoots().get(i));
                }
                out.append(']');
            }
            out.append(",\"network_access\":").append(w.networkAccess());
            out.append(",\"exclude_tmpdir_env_var\":").append(w.excludeTmpdirEnvVar());
            out.append(",\"exclude_slash_tmp\":").append(w.excludeSlashTmp());
            return out.append('}').toString();
        }
        if (policy instanceof SandboxPolicy.ReadOnly) {
            return "{\"mode\":\"read-only\"}";
        }
        return "{\"mode\":\"danger-full-access\"}";
    }

    /**
     * Parses a policy.
     *
     * @throws IllegalArgumentException with a one-line reason when the text is not a valid policy
     */
    public static SandboxPolicy parse(String json) {
        Parser parser = new Parser(json);
        Object value = parser.value();
        parser.end();
        if (!(value instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException("sandbox policy must be a JSON object");
        }
        Object mode = object.get("mode");
        if (!(mode instanceof String name)) {
            throw new IllegalArgumentException("sandbox policy has no \"mode\"");
        }
        return switch (name) {
            case "read-only" -> new SandboxPolicy.ReadOnly();
            case "danger-full-access" -> new SandboxPolicy.DangerFullAccess();
            case "workspace-write" ->
                new SandboxPolicy.WorkspaceWrite(
                        strings(object.get("writable_roots")),
                        bool(object, "network_access"),
                        bool(object, "exclude_tmpdir_env_var"),
                        bool(object, "exclude_slash_tmp"));
            default ->
                throw new IllegalArgumentException("unknown sandbox mode `" + name
                        + "`, expected one of `danger-full-access`, `read-only`, `workspace-write`");
        };
    }

    private static boolean bool(Map<?, ?> object, String key) {
        Object value = object.get(key);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("\"" + key + "\" must be a boolean");
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("\"writable_roots\" must be an array of paths");
        }
        List<String> result = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new IllegalArgumentException("\"writable_roots\" must be an array of paths");
            }
            result.add(s);
        }
        return result;
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final String HEX = "0123456789ABCDEF";

    /** A small strict JSON reader: objects become maps, arrays lists, numbers {@link Double}s. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Object value() {
            skipSpace();
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", true);
                case 'f' -> literal("false", false);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character '" + c + "'");
                }
            };
        }

        void end() {
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the policy");
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a member name");
                }
                String key = string();
                skipSpace();
                expect(':');
                map.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                list.add(value());
                skipSpace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private Object number() {
            int start = pos;
            while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            try {
                return Double.valueOf(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected token");
            }
            pos += word.length();
            return value;
        }

        private void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= text.length()) {
                throw error("unexpected end of input");
            }
            return text.charAt(pos++);
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid sandbox policy JSON at offset " + pos + ": " + what);
        }
    }
}
