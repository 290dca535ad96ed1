package io.codexquarkus.sandbox.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The arg0 plumbing a native build would use: a link named codex-linux-sandbox, and the check on argv[0]. */
class Arg0Test {
    @Test
    void linkNamedAfterTheHelper() throws IOException {
        Path exe = Path.of(System.getProperty("java.home"), "bin", "java");
        Path link = LinuxSandboxHelper.arg0Link(exe);
        try {
            assertThat(link.getFileName()).hasToString("codex-linux-sandbox");
            assertThat(Files.readSymbolicLink(link)).isEqualTo(exe);
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(link.getParent());
        }
    }

    @Test
    void thisJvmIsNotTheHelper() {
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(LinuxSandboxMain.invokedAsHelper()).isFalse();
        }
    }
}
