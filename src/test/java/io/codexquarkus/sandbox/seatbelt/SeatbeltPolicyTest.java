package io.codexquarkus.sandbox.seatbelt;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.sandbox.SandboxPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Seatbelt profile and sandbox-exec command line as data (sandbox-exec exists only on macOS). */
class SeatbeltPolicyTest {
    @TempDir
    Path dir;

    @Test
    void commandLineShape() throws IOException {
        Path cwd = dir.toRealPath();
        List<String> argv = SeatbeltPolicy.command(
                new SandboxPolicy.WorkspaceWrite(List.of(), false, true, true), cwd, Map.of(), List.of("ls", "-la"));
        assertThat(argv.get(0)).isEqualTo("/usr/bin/sandbox-exec");
        assertThat(argv.get(1)).isEqualTo("-p");
        assertThat(argv.get(2)).startsWith("(version 1)");
        assertThat(argv.subList(3, argv.size())).containsExactly("-DWRITABLE_ROOT_0=" + cwd, "--", "ls", "-la");
    }

    @Test
    void profileIsBaseThenReadThenWriteThenNetwork() throws IOException {
        Path cwd = dir.toRealPath();
        SeatbeltPolicy.Profile profile =
                SeatbeltPolicy.profile(new SandboxPolicy.WorkspaceWrite(List.of(), false, true, true), cwd, Map.of());
        assertThat(profile.text())
                .isEqualTo(SeatbeltPolicy.BASE_POLICY
                        + "\n; allow read-only file operations\n(allow file-read*)\n"
                        + "(allow file-write*\n(subpath (param \"WRITABLE_ROOT_0\"))\n)\n");
        assertThat(profile.parameters()).containsExactly("-DWRITABLE_ROOT_0=" + cwd);
    }

    @Test
    void basePolicyDeniesByDefaultAndAllowsWhatToolsNeed() {
        assertThat(SeatbeltPolicy.BASE_POLICY)
                .startsWith("(version 1)")
                .contains("(deny default)")
                .contains("(allow process-exec)")
                .contains("(allow process-fork)")
                .contains("(allow signal (target same-sandbox))")
                .contains("(path \"/dev/null\")")
                .contains("(allow sysctl-read")
                .contains("(allow ipc-posix-sem)")
                .contains("(allow pseudo-tty)")
                .doesNotContain("network");
    }

    @Test
    void gitDirectoriesAreExcludedFromTheirRoot() throws IOException {
        Path cwd = dir.toRealPath();
        Files.createDirectories(cwd.resolve(".git"));
        Path extra = Files.createDirectories(cwd.resolve("extra")).toRealPath();
        SeatbeltPolicy.Profile profile = SeatbeltPolicy.profile(
                new SandboxPolicy.WorkspaceWrite(List.of(extra.toString()), false, true, true), cwd, Map.of());
        assertThat(profile.parameters())
                .containsExactly(
                        "-DWRITABLE_ROOT_0=" + extra,
                        "-DWRITABLE_ROOT_1=" + cwd,
                        "-DWRITABLE_ROOT_1_RO_0=" + cwd.resolve(".git"));
        assertThat(profile.text())
                .contains("(allow file-write*\n(subpath (param \"WRITABLE_ROOT_0\")) (require-all (subpath (param"
                        + " \"WRITABLE_ROOT_1\")) (require-not (subpath (param \"WRITABLE_ROOT_1_RO_0\"))) )\n)");
    }

    @Test
    void symlinkedRootsArePassedCanonicalAndAllowedLiterally() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real")).toRealPath();
        Path link = Files.createSymbolicLink(dir.toRealPath().resolve("link"), real);
        SeatbeltPolicy.Profile profile =
                SeatbeltPolicy.profile(new SandboxPolicy.WorkspaceWrite(List.of(), false, true, true), link, Map.of());
        assertThat(profile.parameters()).containsExactly("-DWRITABLE_ROOT_0=" + real);
        assertThat(profile.text())
                .contains("(require-any (subpath (param \"WRITABLE_ROOT_0\")) (subpath \"" + link + "\"))");
    }

    @Test
    void tmpAndTmpdirAreRootsUnlessExcluded() throws IOException {
        Path cwd = dir.toRealPath();
        Path tmpdir = Files.createDirectories(cwd.resolve("t")).toRealPath();
        SeatbeltPolicy.Profile profile = SeatbeltPolicy.profile(
                new SandboxPolicy.WorkspaceWrite(List.of(), false, false, false),
                cwd,
                Map.of("TMPDIR", tmpdir.toString()));
        assertThat(profile.parameters()).hasSize(3);
        assertThat(profile.parameters().get(0)).isEqualTo("-DWRITABLE_ROOT_0=" + cwd);
        assertThat(profile.parameters().get(1))
                .isEqualTo("-DWRITABLE_ROOT_1=" + Path.of("/tmp").toRealPath());
        assertThat(profile.parameters().get(2)).isEqualTo("-DWRITABLE_ROOT_2=" + tmpdir);
    }

    @Test
    void readOnlyHasNoWriteSectionAndNoNetwork() {
        SeatbeltPolicy.Profile profile = SeatbeltPolicy.profile(new SandboxPolicy.ReadOnly(), dir, Map.of());
        assertThat(profile.text())
                .isEqualTo(SeatbeltPolicy.BASE_POLICY + "\n; allow read-only file operations\n(allow file-read*)\n\n");
        assertThat(profile.parameters()).isEmpty();
    }

    @Test
    void networkAndFullAccessSections() {
        SeatbeltPolicy.Profile network =
                SeatbeltPolicy.profile(new SandboxPolicy.WorkspaceWrite(List.of(), true, true, true), dir, Map.of());
        assertThat(network.text())
                .endsWith("\n(allow network-outbound)\n(allow network-inbound)\n(allow system-socket)");
        SeatbeltPolicy.Profile full = SeatbeltPolicy.profile(new SandboxPolicy.DangerFullAccess(), dir, Map.of());
        assertThat(full.text())
                .endsWith("(allow file-read*)\n(allow file-write* (regex #\"^/\"))\n"
                        + "(allow network-outbound)\n(allow network-inbound)\n(allow system-socket)");
        assertThat(full.parameters()).isEmpty();
    }

    @Test
    void literalsAreEscaped() {
        assertThat(SeatbeltPolicy.literal("/a \"b\" \\c")).isEqualTo("\"/a \\\"b\\\" \\\\c\"");
    }
}
