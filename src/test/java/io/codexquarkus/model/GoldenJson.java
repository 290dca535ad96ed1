package io.codexquarkus.model;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares JSON with a golden file under {@code src/test/resources/golden/model/}, strictly: the same keys in the same
 * order, the same values of the same JSON types, arrays element by element. Run with {@code -Dgolden.update=true} to
 * rewrite the files from the actual values (then review the diff).
 */
public final class GoldenJson {
    private static final Path ROOT = Path.of("src/test/resources/golden/model");

    private GoldenJson() {}

    public static void assertMatches(String name, JsonNode actual) {
        Path file = ROOT.resolve(name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(ROOT);
                Files.writeString(file, Json.writePretty(actual) + "\n", StandardCharsets.UTF_8);
                return;
            }
            JsonNode expected = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            List<String> differences = new ArrayList<>();
            compare("$", expected, actual, differences);
            if (!differences.isEmpty()) {
                fail(
                        "%s differs from the golden file:%n  %s%nactual:%n%s",
                        name, String.join("\n  ", differences), Json.writePretty(actual));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.getNodeType() != actual.getNodeType()) {
            differences.add(path + ": expected " + expected.getNodeType() + " " + expected + " but was "
                    + actual.getNodeType() + " " + actual);
            return;
        }
        if (expected.isObject()) {
            List<String> expectedKeys = keys(expected.fieldNames());
            List<String> actualKeys = keys(actual.fieldNames());
            if (!expectedKeys.equals(actualKeys)) {
                differences.add(path + ": expected keys " + expectedKeys + " but was " + actualKeys);
            }
            for (String key : expectedKeys) {
                if (actual.has(key)) {
                    compare(path + "." + key, expected.get(key), actual.get(key), differences);
                }
            }
        } else if (expected.isArray()) {
            if (expected.size() != actual.size()) {
                differences.add(path + ": expected " + expected.size() + " elements but was " + actual.size());
            }
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": expected " + expected + " but was " + actual);
        }
    }

    private static List<String> keys(Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
