package io.codexquarkus.config;

import io.codexquarkus.common.CodexException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The Codex state directory: {@code $CODEX_HOME}, else {@code ~/.codex}. It holds config.toml, auth.json, sessions/
 * and history.jsonl. Reading never creates it; the first write does ({@link #ensureExists()}). {@code ~} is
 * {@code $HOME} when it is set, as in upstream Codex and every shell; the JVM's {@code user.home} comes from the
 * password database and ignores it, so it is only the fallback.
 */
public record CodexHome(Path dir) {
    public static final String ENV = "CODEX_HOME";

    public CodexHome {
        dir = dir.toAbsolutePath().normalize();
    }

    public static CodexHome fromEnvironment(Map<String, String> env, String userHome) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new CodexHome(Path.of(fromEnv));
        }
        return new CodexHome(Path.of(homeDirectory(env, userHome), ".codex"));
    }

    /** {@code ~}: {@code $HOME} when set and not empty, else the JVM's {@code user.home}. */
    public static String homeDirectory(Map<String, String> env, String userHome) {
        String home = env.get("HOME");
        return home != null && !home.isBlank() ? home : userHome;
    }

    public Path configFile() {
        return dir.resolve("config.toml");
    }

    public Path authFile() {
        return dir.resolve("auth.json");
    }

    public Path sessionsDir() {
        return dir.resolve("sessions");
    }

    public Path archivedSessionsDir() {
        return dir.resolve("archived_sessions");
    }

    public Path historyFile() {
        return dir.resolve("history.jsonl");
    }

    /** Creates the directory (owner-only, as it will hold secrets) the first time something is written into it. */
    public Path ensureExists() {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing to tighten
            }
            return dir;
        } catch (IOException e) {
            throw CodexException.failure("cannot create CODEX_HOME " + dir + ": " + e.getMessage(), e);
        }
    }
}
