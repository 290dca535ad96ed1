package io.codexquarkus.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to load: the home, the working directory, the profile picked by a flag or tool parameter, and the override
 * layers above config.toml, lowest first (startup {@code -c}, a tool's {@code config} map, typed flags).
 */
public record ConfigRequest(
        CodexHome codexHome,
        Path cwd,
        Optional<String> profile,
        List<ConfigLayer.Overrides> overrideLayers,
        Map<String, String> env) {
    public ConfigRequest {
        cwd = cwd.toAbsolutePath().normalize();
        overrideLayers = List.copyOf(overrideLayers);
        env = Map.copyOf(env);
    }

    /** The home, working directory and environment of {@code environment}, with {@code -c} overrides. */
    public static ConfigRequest forEnvironment(
            RunEnvironment environment, List<String> rawOverrides, Optional<String> profile) {
        return new ConfigRequest(
                environment.codexHome(),
                environment.cwd(),
                profile,
                List.of(cliOverrides(rawOverrides)),
                environment.env());
    }

    public static ConfigLayer.Overrides cliOverrides(List<String> rawOverrides) {
        return new ConfigLayer.Overrides(
                "-c", rawOverrides.stream().map(ConfigOverride::parse).toList());
    }

    public ConfigRequest withCwd(Path newCwd) {
        return new ConfigRequest(codexHome, newCwd, profile, overrideLayers, env);
    }

    public ConfigRequest withProfile(Optional<String> newProfile) {
        return new ConfigRequest(codexHome, cwd, newProfile.or(() -> profile), overrideLayers, env);
    }

    /** Adds a layer above all the current ones. */
    public ConfigRequest withLayer(ConfigLayer.Overrides layer) {
        List<ConfigLayer.Overrides> layers = new ArrayList<>(overrideLayers);
        layers.add(layer);
        return new ConfigRequest(codexHome, cwd, profile, layers, env);
    }

    /**
     * The layers an MCP client asks for on top of this (the server's startup) request, lowest first: its profile,
     * its JSON {@code config} map (layer "{@code <source> config}"), its typed parameters (layer "{@code <source>
     * parameter}"), then its working directory, resolved against this request's.
     */
    public ConfigRequest withClientLayers(
            String source,
            Optional<String> clientProfile,
            Map<String, JsonNode> configMap,
            List<ConfigOverride> typed,
            Optional<String> clientCwd) {
        ConfigRequest request = withProfile(clientProfile);
        if (!configMap.isEmpty()) {
            List<ConfigOverride> entries = new ArrayList<>();
            configMap.forEach((key, value) -> entries.add(ConfigOverride.of(key, TomlValues.fromJson(value))));
            request = request.withLayer(new ConfigLayer.Overrides(source + " config", entries));
        }
        if (!typed.isEmpty()) {
            request = request.withLayer(new ConfigLayer.Overrides(source + " parameter", typed));
        }
        if (clientCwd.isPresent()) {
            request = request.withCwd(cwd.resolve(clientCwd.get()));
        }
        return request;
    }
}
