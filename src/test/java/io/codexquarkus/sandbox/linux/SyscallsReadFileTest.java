package io.codexquarkus.sandbox.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper reads the mount table through its own system calls: always the whole file, or nothing, since a table cut
 * short would leave the mounts past the cut writable.
 */
class SyscallsReadFileTest {
    @TempDir
    Path dir;

    private static byte[] path(Path file) {
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileLongerThanOneReadIsReadToItsEnd() throws Exception {
        byte[] content = new byte[200_000 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        Path file = Files.write(dir.resolve("long"), content);
        try (Arena arena = Arena.ofConfined()) {
            Syscalls sys = Syscalls.open(arena);

            assertThat(sys.readFile(path(file), content.length)).isEqualTo(content);
            assertThat(sys.readFile(path(file), content.length - 1))
                    .as("longer than allowed: refused, not cut")
                    .isNull();
            assertThat(sys.readFile(path(dir.resolve("missing")), 100)).isNull();
        }
    }

    @Test
    void theMountTableIsReadWhole() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            byte[] read = Syscalls.open(arena).readFile(path(Path.of("/proc/self/mountinfo")), 16 << 20);

            assertThat(read).isNotNull();
            String[] lines = new String(read, StandardCharsets.UTF_8).split("\n");
            assertThat(lines).isNotEmpty();
            assertThat(Arrays.stream(lines)).allMatch(line -> line.contains(" - "), "a complete mountinfo line");
        }
    }
}
