package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.Launcher.Result;
import io.codexquarkus.testing.OutsideDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 through the packaged application: {@code codex-quarkus apply-patch} started in a directory (its cwd is the
 * process's, {@code Path.of("")}) refuses paths whose real location lies outside it, before writing anything.
 * {@link ApplyPatchCommandTest} covers every hostile kind in process; this checks the wiring with a few of them.
 */
class ApplyPatchConfinementIT {
    @TempDir
    Path temp;

    private Path cwd;
    private Path outside;
    private Path victim;

    @BeforeEach
    void setUp() throws IOException {
        cwd = Files.createDirectory(temp.resolve("cwd"));
        outside = OutsideDirectory.create("apply-patch-it-");
        victim = Files.writeString(outside.resolve("victim.txt"), "outside\n");
        Files.createSymbolicLink(cwd.resolve("l"), outside);
    }

    @AfterEach
    void removeOutside() throws IOException {
        try (Stream<Path> files = Files.walk(outside)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private Result applyPatch(String operations) {
        String patch = "*** Begin Patch\n*** Add File: innocent.txt\n+innocent\n" + operations + "\n*** End Patch\n";
        return Launcher.run(cwd, Map.of("CODEX_HOME", temp.resolve("home").toString()), null, "apply-patch", patch);
    }

    private void assertRefused(Result result, String path) throws IOException {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().lines()).as(result.toString()).hasSize(1);
        assertThat(result.stderr()).startsWith("Refusing to write outside the current directory: " + path + " ");
        assertThat(victim).hasContent("outside");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(victim);
        }
        assertThat(cwd.resolve("innocent.txt")).doesNotExist();
    }

    @Test
    void aSymlinkedDirectoryIsRefused() throws IOException {
        assertRefused(applyPatch("*** Add File: l/marker.txt\n+x"), "l/marker.txt");
    }

    @Test
    void anUpdateViaDotDotIsRefused() throws IOException {
        String path = cwd.relativize(victim).toString();
        assertRefused(applyPatch("*** Update File: " + path + "\n@@\n-outside\n+changed"), path);
    }

    @Test
    void procSelfCwdIsRefused() throws IOException {
        assertRefused(applyPatch("*** Add File: /proc/self/cwd/../escaped.txt\n+x"), "/proc/self/cwd/../escaped.txt");
        assertThat(temp.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aPatchInsideTheDirectoryApplies() throws IOException {
        Result result = applyPatch("*** Add File: sub/../notes.md\n+# Notes");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout())
                .isEqualTo("Success. Updated the following files:\nA innocent.txt\nA sub/../notes.md\n");
        assertThat(result.stderr()).isEmpty();
        assertThat(cwd.resolve("innocent.txt")).hasContent("innocent");
        assertThat(cwd.resolve("notes.md")).hasContent("# Notes");
    }
}
