package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.testing.OutsideDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Issue 13: {@code codex-quarkus apply-patch} writes only under the current directory. Each hostile patch first adds
 * an innocent file, so a refusal must come before any hunk is applied; the evidence is the outside file itself.
 */
class ApplyPatchCommandTest {
    @TempDir
    Path temp;

    private Path cwd;
    private Path outside;
    private Path victim;

    @BeforeEach
    void setUp() throws IOException {
        cwd = Files.createDirectory(temp.resolve("cwd"));
        outside = OutsideDirectory.create("apply-patch-cli-");
        victim = Files.writeString(outside.resolve("victim.txt"), "outside\n");
        Files.writeString(cwd.resolve("a.txt"), "outside\n");
        Files.createSymbolicLink(cwd.resolve("l"), outside);
        Files.createSymbolicLink(cwd.resolve("f"), victim);
    }

    @AfterEach
    void removeOutside() throws IOException {
        try (Stream<Path> files = Files.walk(outside)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    record Run(int exitCode, String stdout, String stderr) {}

    private Run run(String patch) {
        ApplyPatchCommand command = new ApplyPatchCommand();
        command.cwd = cwd;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(command)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(patch);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code target} spelled relative to the current directory, through {@code ..}. */
    private static String viaDotDot(Path from, Path target) {
        return from.relativize(target).toString();
    }

    /** The hostile cases: each names one path whose real location is outside the current directory. */
    enum Hostile {
        ADD_VIA_DOT_DOT,
        ADD_ABSOLUTE,
        ADD_PROC_SELF_CWD,
        UPDATE_VIA_DOT_DOT,
        UPDATE_ABSOLUTE,
        DELETE_VIA_DOT_DOT,
        DELETE_ABSOLUTE,
        MOVE_SOURCE_VIA_DOT_DOT,
        MOVE_DESTINATION_VIA_DOT_DOT,
        UPDATE_SYMLINKED_FILE,
        ADD_IN_SYMLINKED_DIRECTORY,
        UPDATE_IN_SYMLINKED_DIRECTORY,
        DELETE_IN_SYMLINKED_DIRECTORY,
        MOVE_INTO_SYMLINKED_DIRECTORY
    }

    /** The hostile hunk of {@code hostile}, and the path its refusal must name. */
    private record HostileHunk(String hunk, String path) {}

    private HostileHunk hostileHunk(Hostile hostile) {
        String newOutside = viaDotDot(cwd, outside.resolve("new.txt"));
        String victimViaDotDot = viaDotDot(cwd, victim);
        String update = "\n@@\n-outside\n+changed";
        return switch (hostile) {
            case ADD_VIA_DOT_DOT -> new HostileHunk("*** Add File: " + newOutside + "\n+x", newOutside);
            case ADD_ABSOLUTE -> {
                String path = outside.resolve("new.txt").toString();
                yield new HostileHunk("*** Add File: " + path + "\n+x", path);
            }
            case ADD_PROC_SELF_CWD ->
                new HostileHunk("*** Add File: /proc/self/cwd/../new.txt\n+x", "/proc/self/cwd/../new.txt");
            case UPDATE_VIA_DOT_DOT -> new HostileHunk("*** Update File: " + victimViaDotDot + update, victimViaDotDot);
            case UPDATE_ABSOLUTE -> new HostileHunk("*** Update File: " + victim + update, victim.toString());
            case DELETE_VIA_DOT_DOT -> new HostileHunk("*** Delete File: " + victimViaDotDot, victimViaDotDot);
            case DELETE_ABSOLUTE -> new HostileHunk("*** Delete File: " + victim, victim.toString());
            case MOVE_SOURCE_VIA_DOT_DOT ->
                new HostileHunk(
                        "*** Update File: " + victimViaDotDot + "\n*** Move to: moved.txt" + update, victimViaDotDot);
            case MOVE_DESTINATION_VIA_DOT_DOT ->
                new HostileHunk("*** Update File: a.txt\n*** Move to: " + newOutside + update, newOutside);
            case UPDATE_SYMLINKED_FILE -> new HostileHunk("*** Update File: f" + update, "f");
            case ADD_IN_SYMLINKED_DIRECTORY -> new HostileHunk("*** Add File: l/new.txt\n+x", "l/new.txt");
            case UPDATE_IN_SYMLINKED_DIRECTORY ->
                new HostileHunk("*** Update File: l/victim.txt" + update, "l/victim.txt");
            case DELETE_IN_SYMLINKED_DIRECTORY -> new HostileHunk("*** Delete File: l/victim.txt", "l/victim.txt");
            case MOVE_INTO_SYMLINKED_DIRECTORY ->
                new HostileHunk("*** Update File: a.txt\n*** Move to: l/new.txt" + update, "l/new.txt");
        };
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void aPathOutsideTheCurrentDirectoryIsRefusedBeforeAnythingIsWritten(Hostile hostile) throws IOException {
        HostileHunk hostileHunk = hostileHunk(hostile);
        Run run = run(
                "*** Begin Patch\n*** Add File: innocent.txt\n+innocent\n" + hostileHunk.hunk() + "\n*** End Patch");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines()).as(run.stderr()).hasSize(1);
        assertThat(run.stderr())
                .startsWith("Refusing to write outside the current directory: " + hostileHunk.path() + " is really ");
        // the outside evidence: the victim is intact, nothing new appeared outside or next to the cwd
        assertThat(victim).hasContent("outside");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(victim);
        }
        assertThat(temp.resolve("new.txt")).doesNotExist();
        // and nothing was written inside either: the refusal came before the first hunk
        assertThat(cwd.resolve("innocent.txt")).doesNotExist();
        assertThat(cwd.resolve("moved.txt")).doesNotExist();
        assertThat(cwd.resolve("a.txt")).hasContent("outside");
        assertThat(Files.isSymbolicLink(cwd.resolve("f"))).isTrue();
    }

    @Test
    void hostileCasesCoverEveryKindOfPath() {
        assertThat(Hostile.values()).hasSizeGreaterThanOrEqualTo(13);
    }

    @Test
    void aPatchInsideTheCurrentDirectoryStillApplies() throws IOException {
        Files.createDirectories(cwd.resolve("sub"));
        Files.createSymbolicLink(cwd.resolve("in"), cwd.resolve("sub"));
        Files.writeString(cwd.resolve("gone.txt"), "bye\n");
        Run run = run("""
                *** Begin Patch
                *** Add File: docs/notes.md
                +# Notes
                *** Add File: in/through-link.txt
                +x
                *** Add File: missing/../top.txt
                +top
                *** Update File: a.txt
                *** Move to: b.txt
                @@
                -outside
                +inside
                *** Delete File: gone.txt
                *** Delete File: l
                *** End Patch
                """);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).isEqualTo("""
                        Success. Updated the following files:
                        A docs/notes.md
                        A in/through-link.txt
                        A missing/../top.txt
                        M b.txt
                        D gone.txt
                        D l
                        """);
        assertThat(cwd.resolve("docs/notes.md")).hasContent("# Notes");
        assertThat(cwd.resolve("sub/through-link.txt")).hasContent("x");
        assertThat(cwd.resolve("top.txt")).hasContent("top");
        assertThat(cwd.resolve("b.txt")).hasContent("inside");
        assertThat(cwd.resolve("a.txt")).doesNotExist();
        assertThat(cwd.resolve("gone.txt")).doesNotExist();
        // deleting the link l (which points outside) removes the link, not what it points to
        assertThat(Files.exists(cwd.resolve("l"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(victim).hasContent("outside");
    }

    @Test
    void aSymlinkedCurrentDirectoryIsComparedAtItsRealPath() throws IOException {
        Path linkedCwd = Files.createSymbolicLink(temp.resolve("linked-cwd"), cwd);
        ApplyPatchCommand command = new ApplyPatchCommand();
        command.cwd = linkedCwd;
        StringWriter out = new StringWriter();
        int code = new CommandLine(command)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(new StringWriter()))
                .execute("*** Begin Patch\n*** Add File: " + cwd.resolve("abs.txt") + "\n+x\n*** End Patch");
        assertThat(code).isZero();
        assertThat(cwd.resolve("abs.txt")).hasContent("x");
    }

    @Test
    void aPatchStartingWithADashIsThePatchNotAnOption() throws IOException {
        // upstream reads it as the patch (and rejects its first line); it must not be taken for an unknown option
        Run dashed = run("-*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch");
        assertThat(dashed.exitCode()).isEqualTo(1);
        assertThat(dashed.stderr()).isEqualTo("Invalid patch: The first line of the patch must be '*** Begin Patch'\n");
        Run option = run("--no-such-option");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.stderr()).startsWith("error: Unknown option: '--no-such-option'");
        assertThat(cwd.resolve("x.txt")).doesNotExist();
    }
}
