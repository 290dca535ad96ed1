package io.codexquarkus.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The result of loading: the typed configuration, the merged tree it came from (unknown keys included), and for every
 * leaf of that tree the layer that set it.
 */
public record LoadedConfig(
        CodexConfig config, Map<String, Object> tree, Map<String, String> sources, Path configFile) {}
