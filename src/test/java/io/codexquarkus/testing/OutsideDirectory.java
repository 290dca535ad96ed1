package io.codexquarkus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A fresh directory outside every writable root a workspace-write sandbox grants by default (the workspace, /tmp,
 * $TMPDIR), for tests that check a write there is denied. The build directory qualifies unless the checkout itself
 * lives under /tmp (as CI clones may); then the home directory or /var/tmp is used.
 */
public final class OutsideDirectory {
    private OutsideDirectory() {}

    public static Path create(String prefix) {
        String tmpdir = System.getenv("TMPDIR");
        List<Path> candidates = List.of(
                Path.of("target").toAbsolutePath(),
                Path.of(System.getProperty("user.home"), ".cache", "codex-quarkus-tests"),
                Path.of("/var/tmp"));
        for (Path base : candidates) {
            Path real = realish(base);
            if (real.startsWith("/tmp")
                    || (tmpdir != null && !tmpdir.isBlank() && real.startsWith(realish(Path.of(tmpdir))))) {
                continue;
            }
            try {
                Files.createDirectories(real);
                return Files.createDirectories(real.resolve(prefix + UUID.randomUUID()));
            } catch (IOException e) {
                // not writable here: try the next place
            }
        }
        throw new UncheckedIOException(new IOException("no writable directory outside /tmp and $TMPDIR"));
    }

    private static Path realish(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            return absolute;
        }
    }
}
