package io.codexquarkus.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one pure merge function behind every configuration: layers in, the merged tree and the source of every leaf out.
 * Nothing here touches files or the environment.
 */
public final class ConfigMerge {
    private ConfigMerge() {}

    /**
     * The merged tree and where each leaf came from.
     *
     * @param tree the merged tree (insertion-ordered maps, fresh copies: callers may keep it)
     * @param sources dotted path of every leaf (a scalar, an array, or an empty table) to the name of the layer that set it
     */
    public record Result(Map<String, Object> tree, Map<String, String> sources) {}

    public static Result merge(List<? extends ConfigLayer> layers) {
        Map<String, Object> tree = new LinkedHashMap<>();
        Map<String, String> sources = new TreeMap<>();
        for (ConfigLayer layer : layers) {
            switch (layer) {
                case ConfigLayer.Table table -> mergeTable(tree, table.tree(), "", layer.name(), sources);
                case ConfigLayer.Overrides overrides -> {
                    for (ConfigOverride override : overrides.overrides()) {
                        apply(tree, override.path(), override.value(), layer.name(), sources);
                    }
                }
            }
        }
        return new Result(tree, sources);
    }

    /** Applies one dotted-path assignment onto {@code tree} in place (Codex's {@code apply_single_override}). */
    public static void apply(
            Map<String, Object> tree, List<String> path, Object value, String layer, Map<String, String> sources) {
        Map<String, Object> current = tree;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i);
            prefix.append(segment).append('.');
            Object next = current.get(segment);
            if (next instanceof Map<?, ?> map) {
                current = replaceWithMutable(current, segment, asTable(map));
            } else {
                forget(sources, prefix.substring(0, prefix.length() - 1));
                Map<String, Object> created = new LinkedHashMap<>();
                current.put(segment, created);
                current = created;
            }
        }
        String last = path.getLast();
        String key = prefix + last;
        forget(sources, key);
        Object copy = deepCopy(value);
        current.put(last, copy);
        record(sources, key, copy, layer);
    }

    private static void mergeTable(
            Map<String, Object> target,
            Map<String, Object> source,
            String prefix,
            String layer,
            Map<String, String> sources) {
        for (Map.Entry<String, Object> entry : source.entrySet()) {
            String key = prefix + entry.getKey();
            Object incoming = entry.getValue();
            Object existing = target.get(entry.getKey());
            if (incoming instanceof Map<?, ?> incomingMap && existing instanceof Map<?, ?> existingMap) {
                Map<String, Object> mutable = replaceWithMutable(target, entry.getKey(), asTable(existingMap));
                if (incomingMap.isEmpty() && mutable.isEmpty()) {
                    sources.put(key, layer);
                }
                mergeTable(mutable, asTable(incomingMap), key + ".", layer, sources);
            } else {
                forget(sources, key);
                Object copy = deepCopy(incoming);
                target.put(entry.getKey(), copy);
                record(sources, key, copy, layer);
            }
        }
    }

    private static Map<String, Object> replaceWithMutable(
            Map<String, Object> parent, String key, Map<String, Object> table) {
        if (table instanceof LinkedHashMap<String, Object>) {
            return table;
        }
        Map<String, Object> mutable = new LinkedHashMap<>(table);
        parent.put(key, mutable);
        return mutable;
    }

    private static void record(Map<String, String> sources, String key, Object value, String layer) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<String, Object> e : asTable(map).entrySet()) {
                record(sources, key + "." + e.getKey(), e.getValue(), layer);
            }
        } else {
            sources.put(key, layer);
        }
    }

    private static void forget(Map<String, String> sources, String key) {
        sources.remove(key);
        String nested = key + ".";
        Iterator<String> it = sources.keySet().iterator();
        while (it.hasNext()) {
            if (it.next().startsWith(nested)) {
                it.remove();
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asTable(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            asTable(map).forEach((k, v) -> out.put(k, deepCopy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(deepCopy(v)));
            return out;
        }
        return value;
    }
}
