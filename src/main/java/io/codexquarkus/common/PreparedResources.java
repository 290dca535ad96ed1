package io.codexquarkus.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Text the build writes into the class output directory (in {@code process-classes}) for start-up to read instead of
 * computing it: written by a build step, read back from the class path.
 */
public final class PreparedResources {
    private PreparedResources() {}

    /** The resource {@code name} as UTF-8 text; empty when it is missing or unreadable (the caller computes it). */
    public static Optional<String> read(String name) {
        try (InputStream in = PreparedResources.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Build step: writes {@code text} as the resource {@code name} under {@code classesDir}. */
    public static void write(Path classesDir, String name, String text) {
        Path file = classesDir.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
