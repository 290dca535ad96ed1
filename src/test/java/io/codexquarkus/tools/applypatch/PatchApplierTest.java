package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-system behaviour of the helper beyond the golden scenarios. */
class PatchApplierTest {
    @TempDir
    Path dir;

    private PatchApplier.HelperResult run(String patch) {
        return PatchApplier.run(patch, dir);
    }

    @Test
    void updatesKeepPermissionsAndLeaveNoTemporaryFiles() throws IOException {
        Path script = dir.resolve("run.sh");
        Files.writeString(script, "echo one\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        PatchApplier.HelperResult result =
                run("*** Begin Patch\n*** Update File: run.sh\n@@\n-echo one\n+echo two\n*** End Patch");
        assertThat(result.exitCode()).isZero();
        assertThat(Files.readString(script)).isEqualTo("echo two\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script)))
                .isEqualTo("rwxr-x---");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("run.sh");
        }
    }

    @Test
    void newFilesGetTheDefaultModeNotAPrivateOne() throws IOException {
        assertThat(run("*** Begin Patch\n*** Add File: new.txt\n+x\n*** End Patch")
                        .exitCode())
                .isZero();
        // a temp-file based write would leave rw------- behind; the umask of a test run never removes owner read
        assertThat(Files.getPosixFilePermissions(dir.resolve("new.txt")))
                .isEqualTo(Files.getPosixFilePermissions(Files.createFile(dir.resolve("reference"))));
    }

    @Test
    void symlinkedFilesAreWrittenThroughTheLink() throws IOException {
        Path target = dir.resolve("real.txt");
        Files.writeString(target, "a\n");
        Files.createSymbolicLink(dir.resolve("link.txt"), target.getFileName());
        assertThat(run("*** Begin Patch\n*** Update File: link.txt\n@@\n-a\n+b\n*** End Patch")
                        .exitCode())
                .isZero();
        assertThat(Files.isSymbolicLink(dir.resolve("link.txt"))).isTrue();
        assertThat(Files.readString(target)).isEqualTo("b\n");
    }

    @Test
    void moveOntoItselfKeepsTheFile() throws IOException {
        Files.writeString(dir.resolve("same.txt"), "a\n");
        PatchApplier.HelperResult result =
                run("*** Begin Patch\n*** Update File: same.txt\n*** Move to: ./same.txt\n@@\n-a\n+b\n*** End Patch");
        assertThat(result.stdout()).isEqualTo("Success. Updated the following files:\nM ./same.txt\n");
        assertThat(Files.readString(dir.resolve("same.txt"))).isEqualTo("b\n");
    }

    @Test
    void absolutePathsAreReportedAsWritten() throws IOException {
        Path abs = dir.resolve("sub/abs.txt");
        PatchApplier.HelperResult result = run("*** Begin Patch\n*** Add File: " + abs + "\n+x\n*** End Patch");
        assertThat(result.stdout()).isEqualTo("Success. Updated the following files:\nA " + abs + "\n");
        assertThat(Files.readString(abs)).isEqualTo("x\n");
    }

    @Test
    void writeFailuresAreReported() throws IOException {
        Files.writeString(dir.resolve("file"), "not a directory\n");
        assertThat(run("*** Begin Patch\n*** Add File: file/child.txt\n+x\n*** End Patch"))
                .isEqualTo(new PatchApplier.HelperResult(
                        1, "", "Failed to create parent directories for file/child.txt\n"));
        Files.createDirectory(dir.resolve("adir"));
        assertThat(run("*** Begin Patch\n*** Add File: adir\n+x\n*** End Patch"))
                .isEqualTo(new PatchApplier.HelperResult(1, "", "Failed to write file adir\n"));
        assertThat(Files.isDirectory(dir.resolve("adir"))).isTrue();
    }

    @Test
    void hunksApplyInOrderAndALaterUpdateSeesEarlierOnes() throws Exception {
        PatchApplier.AffectedPaths affected = PatchApplier.apply(
                PatchParser.parse("*** Begin Patch\n*** Add File: f.txt\n+one\n*** Update File: f.txt\n@@\n-one\n"
                                + "+two\n*** End Patch")
                        .hunks(),
                dir);
        assertThat(affected.added()).containsExactly("f.txt");
        assertThat(affected.modified()).containsExactly("f.txt");
        assertThat(Files.readString(dir.resolve("f.txt"))).isEqualTo("two\n");
        assertThatThrownBy(() -> PatchApplier.apply(java.util.List.of(), dir))
                .isInstanceOf(PatchException.class)
                .hasMessage("No files were modified.");
    }
}
