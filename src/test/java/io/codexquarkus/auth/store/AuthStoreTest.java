package io.codexquarkus.auth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.config.CodexHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthStoreTest {
    @TempDir
    Path tmp;

    @Test
    void firstWriteCreatesCodexHomeAndAnOwnerOnlyFile() throws Exception {
        Path home = tmp.resolve("nested/.codex");
        AuthStore store = new AuthStore(new CodexHome(home));
        assertThat(store.load()).isEmpty();
        assertThat(home).doesNotExist();
        store.save(AuthDotJson.apiKey("sk-1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
                .isEqualTo("rwx------");
        assertThat(store.load().orElseThrow().openaiApiKey()).contains("sk-1");
        try (var files = Files.list(home)) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void rewriteTightensAnExistingLooseFile() throws Exception {
        AuthStore store = new AuthStore(new CodexHome(tmp));
        Files.writeString(store.file(), "{}");
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        store.save(AuthDotJson.apiKey("sk-2"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
    }

    @Test
    void malformedFileIsAUsageErrorAndStaysUntouched() throws Exception {
        AuthStore store = new AuthStore(new CodexHome(tmp));
        Files.writeString(store.file(), "{\"OPENAI_API_KEY\": ");
        var before = Files.getLastModifiedTime(store.file());
        assertThatThrownBy(store::load)
                .isInstanceOf(CodexException.class)
                .hasMessageStartingWith("malformed auth file " + store.file() + ": invalid JSON at line 1")
                .satisfies(e -> assertThat(((CodexException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThat(Files.readString(store.file())).isEqualTo("{\"OPENAI_API_KEY\": ");
        assertThat(Files.getLastModifiedTime(store.file())).isEqualTo(before);
    }

    @Test
    void deleteReportsWhetherSomethingWasRemoved() {
        AuthStore store = new AuthStore(new CodexHome(tmp));
        assertThat(store.delete()).isFalse();
        store.save(AuthDotJson.apiKey("k"));
        assertThat(store.delete()).isTrue();
        assertThat(store.file()).doesNotExist();
    }
}
