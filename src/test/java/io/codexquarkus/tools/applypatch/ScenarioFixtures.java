package io.codexquarkus.tools.applypatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The golden scenarios under {@code src/test/resources/apply-patch/scenarios}, shared by the unit test and the IT. */
public final class ScenarioFixtures {
    private ScenarioFixtures() {}

    /** One scenario directory. */
    public record Scenario(Path dir) {
        public String name() {
            return dir.getFileName().toString();
        }

        public String patch() {
            return read("patch.txt");
        }

        public String stdout() {
            return read("stdout.txt");
        }

        public String stderr() {
            return read("stderr.txt");
        }

        public int exitCode() {
            return Integer.parseInt(read("exit_code.txt").strip());
        }

        /** Copies {@code input/} (if any) into {@code target}. */
        public void copyInputTo(Path target) throws IOException {
            Path input = dir.resolve("input");
            if (!Files.isDirectory(input)) {
                return;
            }
            try (Stream<Path> files = Files.walk(input)) {
                for (Path source : files.toList()) {
                    Path destination = target.resolve(input.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(source, destination);
                    }
                }
            }
        }

        /** The expected tree: relative path → content (directories map to {@code null}). */
        public Map<String, String> expectedTree() throws IOException {
            Path expected = dir.resolve("expected");
            return Files.isDirectory(expected) ? snapshot(expected) : Map.of();
        }

        private String read(String name) {
            try {
                return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static List<Scenario> all() throws IOException {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(Files::isDirectory).sorted().map(Scenario::new).toList();
        }
    }

    public static Path root() {
        URL url = ScenarioFixtures.class.getResource("/apply-patch/scenarios");
        if (url == null) {
            throw new IllegalStateException("apply-patch/scenarios is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file (with its text, as bytes read as ISO-8859-1 to stay exact) and directory under {@code root}. */
    public static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.toList()) {
                if (path.equals(root)) {
                    continue;
                }
                String relative = root.relativize(path).toString();
                tree.put(
                        relative,
                        Files.isDirectory(path)
                                ? null
                                : new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
            }
        }
        return tree;
    }
}
