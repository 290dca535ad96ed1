package io.codexquarkus.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of configuration, lowest precedence first when merged by {@link ConfigMerge}. The name is what {@code
 * config show} reports as the source of each value ({@code default}, {@code config.toml}, {@code profile fast},
 * {@code -c}, {@code --model} …).
 */
public sealed interface ConfigLayer {
    String name();

    /** A table deep-merged over the layers below it: nested tables merge key by key, anything else replaces. */
    record Table(String name, Map<String, Object> tree) implements ConfigLayer {
        public Table {
            tree = Collections.unmodifiableMap(new LinkedHashMap<>(tree));
        }
    }

    /**
     * Dotted-path assignments applied in order, as Codex applies {@code -c}: missing intermediate tables are created,
     * a non-table in the way is replaced, and the value (a table too) replaces what was at its key.
     */
    record Overrides(String name, List<ConfigOverride> overrides) implements ConfigLayer {
        public Overrides {
            overrides = List.copyOf(overrides);
        }
    }
}
