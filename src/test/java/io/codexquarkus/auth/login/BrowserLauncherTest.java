package io.codexquarkus.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrowserLauncherTest {
    @TempDir
    Path bin;

    private Path executable(String name) throws Exception {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    @Test
    void linuxNeedsAGraphicalSessionAndXdgOpen() throws Exception {
        Path xdg = executable("xdg-open");
        String path = "/nonexistent:" + bin;
        assertThat(BrowserLauncher.command("u", "Linux", Map.of("PATH", path))).isEmpty();
        assertThat(BrowserLauncher.command("u", "Linux", Map.of("PATH", path, "DISPLAY", " ")))
                .isEmpty();
        assertThat(BrowserLauncher.command("u", "Linux", Map.of("PATH", path, "DISPLAY", ":0")))
                .contains(List.of(xdg.toString(), "u"));
        assertThat(BrowserLauncher.command("u", "Linux", Map.of("PATH", path, "WAYLAND_DISPLAY", "wayland-0")))
                .contains(List.of(xdg.toString(), "u"));
        assertThat(BrowserLauncher.command("u", "Linux", Map.of("PATH", "/nonexistent", "DISPLAY", ":0")))
                .isEmpty();
    }

    @Test
    void macUsesOpenAndWindowsNothing() throws Exception {
        Path open = executable("open");
        assertThat(BrowserLauncher.command("u", "Mac OS X", Map.of("PATH", bin.toString())))
                .contains(List.of(open.toString(), "u"));
        assertThat(BrowserLauncher.command("u", "Windows 11", Map.of("PATH", bin.toString())))
                .isEmpty();
    }
}
