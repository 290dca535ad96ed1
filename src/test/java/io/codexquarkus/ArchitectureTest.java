package io.codexquarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down only: {@code cli -> {exec, mcp} -> agent -> {model, tools, sandbox, auth} -> config ->
 * common}. The auth package implements the model client's credential interface, and tools run commands through the
 * sandbox; nothing points back up.
 */
class ArchitectureTest {
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "common", Set.of(),
            "config", Set.of("common"),
            "sandbox", Set.of("config", "common"),
            "model", Set.of("config", "common"),
            "auth", Set.of("model", "config", "common"),
            "tools", Set.of("sandbox", "config", "common"),
            "agent", Set.of("model", "tools", "sandbox", "auth", "config", "common"),
            "exec", Set.of("agent", "model", "tools", "sandbox", "auth", "config", "common"),
            "mcp", Set.of("agent", "model", "tools", "sandbox", "auth", "config", "common"),
            "cli", Set.of("exec", "mcp", "agent", "model", "tools", "sandbox", "auth", "config", "common"));

    private static final Pattern REFERENCE = Pattern.compile("io\\.codexquarkus\\.([a-z]+)\\b");

    @Test
    void dependenciesPointDown() throws IOException {
        Path root = Path.of("src/main/java/io/codexquarkus");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String layer = root.relativize(file).getName(0).toString();
                if (file.getParent().equals(root)) {
                    continue;
                }
                Set<String> allowed = ALLOWED.get(layer);
                assertThat(allowed).as("package %s has no rule", layer).isNotNull();
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.equals(layer) && !allowed.contains(target)) {
                        violations.add(root.relativize(file) + " -> " + target);
                    }
                }
            }
        }
        assertThat(violations).as("dependencies pointing up or sideways").isEmpty();
    }
}
