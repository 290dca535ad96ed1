package io.codexquarkus.config;

import io.codexquarkus.common.CodexException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads from a merged configuration tree. A value of the wrong type is a usage error that names where it came
 * from: {@code /home/u/.codex/config.toml:3:9} for the file, the {@code -c} argument for an override.
 */
public final class ConfigReader {
    private final Map<String, Object> tree;
    private final Function<List<String>, String> locator;
    private final Set<List<String>> consumed = new HashSet<>();

    /**
     * Reads from {@code tree}.
     *
     * @param locator where a key's value came from, for messages ({@code file:line:column} or the override text)
     */
    public ConfigReader(Map<String, Object> tree, Function<List<String>, String> locator) {
        this.tree = tree;
        this.locator = locator;
    }

    public static List<String> path(String dotted) {
        return List.of(dotted.split("\\.", -1));
    }

    public Optional<Object> get(List<String> path) {
        consumed.add(path);
        Object current = tree;
        for (String segment : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            current = map.get(segment);
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    public Optional<String> string(String dotted) {
        return string(path(dotted));
    }

    public Optional<String> string(List<String> path) {
        return typed(path, String.class, "a string");
    }

    public Optional<Boolean> bool(String dotted) {
        return typed(path(dotted), Boolean.class, "a boolean");
    }

    public Optional<Boolean> bool(List<String> path) {
        return typed(path, Boolean.class, "a boolean");
    }

    /** A non-negative integer. */
    public Optional<Long> count(String dotted) {
        return count(path(dotted));
    }

    public Optional<Long> count(List<String> path) {
        Optional<Long> value = typed(path, Long.class, "a non-negative integer");
        value.filter(v -> v < 0).ifPresent(v -> {
            throw invalid(path, "expected a non-negative integer, found integer " + v);
        });
        return value;
    }

    public <E extends Enum<E> & WireEnum> Optional<E> enumValue(String dotted, Class<E> type) {
        List<String> path = path(dotted);
        return typed(path, String.class, "one of " + WireEnum.expected(type)).map(text -> {
            try {
                return WireEnum.parse(type, text);
            } catch (IllegalArgumentException e) {
                throw invalid(path, e.getMessage());
            }
        });
    }

    public Optional<List<String>> stringList(String dotted) {
        return stringList(path(dotted));
    }

    public Optional<List<String>> stringList(List<String> path) {
        Optional<List<?>> list = typedList(path);
        return list.map(items -> {
            List<String> out = new ArrayList<>(items.size());
            for (Object item : items) {
                if (!(item instanceof String s)) {
                    throw invalid(path, "expected an array of strings, found " + TomlValues.typeName(item));
                }
                out.add(s);
            }
            return List.copyOf(out);
        });
    }

    public Optional<Map<String, String>> stringMap(List<String> path) {
        return table(path).map(table -> {
            Map<String, String> out = new LinkedHashMap<>();
            table.forEach((k, v) -> {
                if (!(v instanceof String s)) {
                    throw invalid(append(path, k), "expected a string, found " + TomlValues.typeName(v));
                }
                out.put(k, s);
            });
            return out;
        });
    }

    public Optional<Map<String, Object>> table(String dotted) {
        return table(path(dotted));
    }

    public Optional<Map<String, Object>> table(List<String> path) {
        return get(path).map(value -> {
            if (value instanceof Map<?, ?> map) {
                return ConfigMerge.asTable(map);
            }
            throw invalid(path, "expected a table, found " + TomlValues.typeName(value));
        });
    }

    /** Paths of leaves that no typed read asked for (unknown keys, logged at debug). */
    public List<String> unconsumedLeaves() {
        List<String> out = new ArrayList<>();
        collectUnconsumed(tree, List.of(), out);
        return out;
    }

    private void collectUnconsumed(Map<String, Object> table, List<String> prefix, List<String> out) {
        for (Map.Entry<String, Object> e : table.entrySet()) {
            List<String> path = append(prefix, e.getKey());
            if (consumed.contains(path)) {
                continue;
            }
            if (e.getValue() instanceof Map<?, ?> map) {
                collectUnconsumed(ConfigMerge.asTable(map), path, out);
            } else {
                out.add(String.join(".", path));
            }
        }
    }

    public CodexException invalid(List<String> path, String detail) {
        return CodexException.usage(
                locator.apply(path) + ": invalid value for `" + String.join(".", path) + "`: " + detail);
    }

    private <T> Optional<T> typed(List<String> path, Class<T> type, String expected) {
        return get(path).map(value -> {
            if (type.isInstance(value)) {
                return type.cast(value);
            }
            throw invalid(path, "expected " + expected + ", found " + TomlValues.typeName(value));
        });
    }

    private Optional<List<?>> typedList(List<String> path) {
        return get(path).map(value -> {
            if (value instanceof List<?> list) {
                return list;
            }
            throw invalid(path, "expected an array, found " + TomlValues.typeName(value));
        });
    }

    static List<String> append(List<String> prefix, String key) {
        List<String> out = new ArrayList<>(prefix.size() + 1);
        out.addAll(prefix);
        out.add(key);
        return List.copyOf(out);
    }
}
