package io.codexquarkus.config;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Files2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tomlj.MutableTomlTable;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Writes keys into config.toml the way a person would: comments, key order, quoting and the layout of everything else
 * are kept (tomlj's source-preserving serializer, the equivalent of Codex's {@code toml_edit}). The file is replaced
 * atomically; a malformed file is left alone.
 */
public final class ConfigEditor {
    private ConfigEditor() {}

    /** Sets each dotted key to its value ({@code null} removes the key) and writes the file once. */
    public static void set(CodexHome home, Map<String, Object> assignments) {
        Path file = home.configFile();
        String text = read(file);
        TomlParseResult document = Toml.parse(text);
        if (document.hasErrors()) {
            throw CodexException.usage("refusing to edit " + file + ": it is not valid TOML ("
                    + document.errors().getFirst().getMessage() + ")");
        }
        for (Map.Entry<String, Object> entry : assignments.entrySet()) {
            List<String> path = ConfigReader.path(entry.getKey());
            if (entry.getValue() == null) {
                if (document.contains(path)) {
                    document.remove(path);
                }
            } else {
                parentTable(document, path).set(List.of(path.getLast()), entry.getValue());
            }
        }
        home.ensureExists();
        Files2.writeAtomically(file, document.toToml().getBytes(StandardCharsets.UTF_8), null);
    }

    private static MutableTomlTable parentTable(MutableTomlTable document, List<String> path) {
        if (path.size() == 1) {
            return document;
        }
        return document.getOrCreateTable(path.subList(0, path.size() - 1));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw CodexException.failure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
