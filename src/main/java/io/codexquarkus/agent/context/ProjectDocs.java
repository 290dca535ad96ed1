package io.codexquarkus.agent.context;

import io.codexquarkus.config.CodexHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The user instructions sent at session start: {@code $CODEX_HOME/AGENTS.md}, then the project's {@code AGENTS.md}
 * files from the repository root down to the working directory, within {@code project_doc_max_bytes}.
 */
public final class ProjectDocs {
    private static final Logger LOG = Logger.getLogger(ProjectDocs.class);
    private static final String FILE_NAME = "AGENTS.md";
    private static final String SEPARATOR = "\n\n--- project-doc ---\n\n";

    private ProjectDocs() {}

    public static Optional<String> userInstructions(CodexHome home, Path cwd, long maxBytes) {
        Optional<String> global = readTrimmed(home.dir().resolve(FILE_NAME));
        Optional<String> project = maxBytes == 0 ? Optional.empty() : projectDocs(cwd, maxBytes);
        if (global.isPresent() && project.isPresent()) {
            return Optional.of(global.get() + SEPARATOR + project.get());
        }
        return global.or(() -> project);
    }

    /** The AGENTS.md files from the repository root (nearest {@code .git} upwards) down to cwd, joined. */
    static Optional<String> projectDocs(Path cwd, long maxBytes) {
        Path start = canonical(cwd);
        List<Path> chain = new ArrayList<>();
        Path root = null;
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            chain.addFirst(dir);
            if (Files.exists(dir.resolve(".git"))) {
                root = dir;
                break;
            }
        }
        List<Path> dirs = root == null ? List.of(start) : chain;
        long budget = maxBytes;
        List<String> parts = new ArrayList<>();
        for (Path dir : dirs) {
            if (budget <= 0) {
                break;
            }
            Path file = dir.resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            byte[] bytes = readUpTo(file, budget);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                continue;
            }
            budget -= bytes.length;
            parts.add(text);
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("\n\n", parts));
    }

    private static Path canonical(Path cwd) {
        try {
            return cwd.toRealPath();
        } catch (IOException e) {
            return cwd.toAbsolutePath().normalize();
        }
    }

    private static byte[] readUpTo(Path file, long budget) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) Math.min(budget, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            LOG.warnf("cannot read %s: %s", file, e.getMessage());
            return new byte[0];
        }
    }

    private static Optional<String> readTrimmed(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            LOG.warnf("cannot read %s: %s", file, e.getMessage());
            return Optional.empty();
        }
    }
}
