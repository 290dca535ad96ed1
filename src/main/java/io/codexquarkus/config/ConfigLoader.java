package io.codexquarkus.config;

import io.codexquarkus.common.CodexException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Builds a {@link CodexConfig} from its layers, lowest first: built-in defaults, config.toml, the selected profile,
 * the override layers of the request ({@code -c}, a tool's config map, typed flags), and the built-in providers.
 */
public final class ConfigLoader {
    private static final Logger LOG = Logger.getLogger(ConfigLoader.class);

    private ConfigLoader() {}

    /** A parsed config.toml: its tree and the position of every key in it. */
    public record ConfigFile(Path path, Map<String, Object> tree, Map<List<String>, TomlPosition> positions) {
        public static ConfigFile empty(Path path) {
            return new ConfigFile(path, Map.of(), Map.of());
        }
    }

    public static LoadedConfig load(ConfigRequest request) {
        ConfigFile file = readFile(request.codexHome().configFile());
        List<ConfigLayer> base = new ArrayList<>();
        base.add(ConfigDefaults.defaults());
        base.add(new ConfigLayer.Table("config.toml", file.tree()));
        base.addAll(request.overrideLayers());
        ConfigMerge.Result withoutProfile = ConfigMerge.merge(base);

        Optional<String> profileName = request.profile().or(() -> selectedProfile(withoutProfile.tree(), file));
        List<ConfigLayer> layers = new ArrayList<>();
        layers.add(ConfigDefaults.defaults());
        layers.add(new ConfigLayer.Table("config.toml", file.tree()));
        if (profileName.isPresent()) {
            String name = profileName.get();
            Object profiles = withoutProfile.tree().get("profiles");
            Object profile = profiles instanceof Map<?, ?> map ? map.get(name) : null;
            if (!(profile instanceof Map<?, ?> profileTable)) {
                throw CodexException.usage("config profile `" + name + "` not found");
            }
            layers.add(new ConfigLayer.Table("profile " + name, ConfigMerge.asTable(profileTable)));
        }
        layers.addAll(request.overrideLayers());
        profileName.ifPresent(name -> layers.add(new ConfigLayer.Overrides(
                "profile " + name, List.of(new ConfigOverride(List.of("profile"), name, "profile=" + name)))));
        layers.add(ConfigDefaults.builtInProviders(request.env()));
        ConfigMerge.Result merged = ConfigMerge.merge(layers);

        Map<String, String> overrideTexts = overrideTexts(request.overrideLayers());
        ConfigReader reader = new ConfigReader(
                merged.tree(), path -> locate(path, merged.sources(), file, overrideTexts, profileName));
        CodexConfig config = ConfigBinder.bind(reader, request.codexHome(), request.cwd());
        List<String> unknown = reader.unconsumedLeaves();
        if (!unknown.isEmpty() && LOG.isDebugEnabled()) {
            LOG.debugf("ignoring unknown config keys: %s", unknown);
        }
        return new LoadedConfig(config, merged.tree(), merged.sources(), file.path());
    }

    /** Parses config.toml; a missing file is an empty table, a malformed one a usage error naming line and column. */
    public static ConfigFile readFile(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return ConfigFile.empty(path);
        } catch (IOException e) {
            throw CodexException.usage("Error loading config.toml: " + path + ": " + e.getMessage());
        }
        TomlParseResult parsed = Toml.parse(text);
        if (parsed.hasErrors()) {
            TomlParseError error = parsed.errors().getFirst();
            TomlPosition at = error.position();
            throw CodexException.usage("Error loading config.toml: " + path + ":" + at.line() + ":" + at.column() + ": "
                    + keyAt(text, at.line()).map(key -> "key `" + key + "`: ").orElse("")
                    + errorText(error));
        }
        Map<List<String>, TomlPosition> positions = new HashMap<>();
        for (List<String> key : parsed.keyPathSet(true)) {
            TomlPosition position = parsed.inputPositionOf(key);
            if (position != null) {
                positions.put(List.copyOf(key), position);
            }
        }
        return new ConfigFile(path, TomlValues.fromTable(parsed), positions);
    }

    private static final Pattern TABLE_HEADER = Pattern.compile("^\\s*\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");
    private static final Pattern KEY_VALUE = Pattern.compile("^\\s*([A-Za-z0-9_\\-.\"' ]+?)\\s*=");

    /**
     * The dotted key a malformed line was about, read from the text because the parser does not say: the line's own
     * {@code key =} under the nearest table header above it. Empty when the line has no key (a broken header).
     */
    static Optional<String> keyAt(String text, int line) {
        String[] lines = text.split("\\R", -1);
        if (line < 1 || line > lines.length) {
            return Optional.empty();
        }
        Matcher keyValue = KEY_VALUE.matcher(lines[line - 1]);
        if (!keyValue.find()) {
            return Optional.empty();
        }
        String key = keyValue.group(1).replace(" ", "");
        for (int i = line - 2; i >= 0; i--) {
            Matcher header = TABLE_HEADER.matcher(lines[i]);
            if (header.matches()) {
                return Optional.of(header.group(1).replace(" ", "") + "." + key);
            }
        }
        return Optional.of(key);
    }

    private static String errorText(TomlParseError error) {
        String message = error.getMessage();
        // tomlj appends " (line N, column M)"; the location is already in front
        int at = message.lastIndexOf(" (line ");
        return at > 0 ? message.substring(0, at) : message;
    }

    private static Optional<String> selectedProfile(Map<String, Object> tree, ConfigFile file) {
        Object value = tree.get("profile");
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String name) {
            return Optional.of(name);
        }
        TomlPosition at = file.positions().get(List.of("profile"));
        String where = at == null ? "-c profile" : file.path() + ":" + at.line() + ":" + at.column();
        throw CodexException.usage(
                where + ": invalid value for `profile`: expected a string, found " + TomlValues.typeName(value));
    }

    private static Map<String, String> overrideTexts(List<ConfigLayer.Overrides> layers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigLayer.Overrides layer : layers) {
            for (ConfigOverride override : layer.overrides()) {
                out.put(override.key(), layer.name() + " " + override.raw());
            }
        }
        return out;
    }

    private static String locate(
            List<String> path,
            Map<String, String> sources,
            ConfigFile file,
            Map<String, String> overrideTexts,
            Optional<String> profile) {
        String dotted = String.join(".", path);
        String source = sources.getOrDefault(dotted, nearestSource(dotted, sources));
        if ("config.toml".equals(source)) {
            return at(file, path);
        }
        if (source.startsWith("profile ") && profile.isPresent()) {
            List<String> inFile = new ArrayList<>(List.of("profiles", profile.get()));
            inFile.addAll(path);
            TomlPosition position = file.positions().get(inFile);
            if (position != null) {
                return file.path() + ":" + position.line() + ":" + position.column();
            }
        }
        for (int i = path.size(); i > 0; i--) {
            String text = overrideTexts.get(String.join(".", path.subList(0, i)));
            if (text != null) {
                return text;
            }
        }
        return source;
    }

    private static String nearestSource(String dotted, Map<String, String> sources) {
        for (Map.Entry<String, String> e : sources.entrySet()) {
            if (e.getKey().startsWith(dotted + ".")) {
                return e.getValue();
            }
        }
        return "config";
    }

    private static String at(ConfigFile file, List<String> path) {
        TomlPosition position = file.positions().get(path);
        if (position == null) {
            return file.path().toString();
        }
        return file.path() + ":" + position.line() + ":" + position.column();
    }
}
