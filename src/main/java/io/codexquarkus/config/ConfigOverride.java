package io.codexquarkus.config;

import io.codexquarkus.common.CodexException;
import java.util.List;

/**
 * One {@code -c key=value} override, parsed as Codex does: split at the first {@code =}, key and value trimmed, the key
 * a dotted path, the value read as a TOML value and kept as the raw string when it is not one.
 *
 * @param path the dotted key split into its segments
 * @param value the plain-Java value (see {@link TomlValues})
 * @param raw the argument as given, for messages
 */
public record ConfigOverride(List<String> path, Object value, String raw) {
    public ConfigOverride {
        path = List.copyOf(path);
    }

    public static ConfigOverride parse(String raw) {
        int eq = raw.indexOf('=');
        if (eq < 0) {
            throw CodexException.usage("Invalid override (missing '='): " + raw);
        }
        String key = raw.substring(0, eq).trim();
        String text = raw.substring(eq + 1).trim();
        if (key.isEmpty()) {
            throw CodexException.usage("Empty key in override: " + raw);
        }
        return new ConfigOverride(List.of(key.split("\\.", -1)), TomlValues.parseValueOrString(text), raw);
    }

    /** An override set programmatically (a typed flag, a tool parameter, a JSON config entry). */
    public static ConfigOverride of(String dottedKey, Object value) {
        return new ConfigOverride(List.of(dottedKey.split("\\.", -1)), value, dottedKey + "=" + value);
    }

    public String key() {
        return String.join(".", path);
    }
}
