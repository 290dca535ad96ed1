package io.codexquarkus.exec.output;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code -o/--output-last-message FILE}: the final answer written to a file when the task completes. */
public record LastMessageWriter(Optional<Path> file) {
    public void write(String message, PrintWriter err) {
        if (file.isEmpty()) {
            return;
        }
        Path path = file.get();
        try {
            Files.writeString(path, message == null ? "" : message, StandardCharsets.UTF_8);
            if (message == null) {
                err.println("Warning: no last agent message; wrote empty content to " + path);
            }
        } catch (IOException e) {
            err.println("Failed to write last message file " + path + ": " + e.getMessage());
        }
    }
}
