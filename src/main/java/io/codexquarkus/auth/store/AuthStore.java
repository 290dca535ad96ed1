package io.codexquarkus.auth.store;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.common.Files2;
import io.codexquarkus.config.CodexHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code $CODEX_HOME/auth.json} on disk. Reads never change the file (a malformed one stays exactly as it is, for the
 * user to inspect); writes replace it atomically with mode 0600 and create CODEX_HOME first.
 */
public final class AuthStore {
    private final CodexHome home;

    public AuthStore(CodexHome home) {
        this.home = home;
    }

    public Path file() {
        return home.authFile();
    }

    /**
     * The stored login; empty when there is no auth.json.
     *
     * @throws CodexException exit code 2 when the file is malformed, 1 when it cannot be read
     */
    public Optional<AuthDotJson> load() {
        Path file = file();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CodexException.failure("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(AuthJsonCodec.parse(bytes));
        } catch (AuthJsonCodec.MalformedException e) {
            throw new CodexException(
                    ExitCode.USAGE,
                    "malformed auth file " + file + ": " + e.getMessage()
                            + " (fix or remove it, or log in again to replace it)",
                    e);
        }
    }

    public void save(AuthDotJson auth) {
        home.ensureExists();
        Files2.writeAtomically(file(), AuthJsonCodec.write(auth), "rw-------");
    }

    /**
     * Deletes auth.json.
     *
     * @return whether there was a file to delete
     */
    public boolean delete() {
        try {
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            throw CodexException.failure("cannot delete " + file() + ": " + e.getMessage(), e);
        }
    }
}
