package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone entry point: arguments, stdin, usage errors, and a real JVM under the C locale. */
class ApplyPatchMainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private Run run(List<String> args, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ApplyPatchMain.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                dir);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void patchFromStdin() throws Exception {
        Run result = run(List.of(), "*** Begin Patch\n*** Add File: in.txt\n+from stdin\n*** End Patch\n");
        assertThat(result).isEqualTo(new Run(0, "Success. Updated the following files:\nA in.txt\n", ""));
        assertThat(Files.readString(dir.resolve("in.txt"))).isEqualTo("from stdin\n");
    }

    @Test
    void usageErrors() {
        assertThat(run(List.of(), ""))
                .isEqualTo(new Run(2, "", "Usage: apply_patch 'PATCH'\n       echo 'PATCH' | apply_patch\n"));
        assertThat(run(List.of("a", "b"), ""))
                .isEqualTo(new Run(2, "", "Error: apply_patch accepts exactly one PATCH argument.\n"));
        assertThat(run(List.of("not a patch"), ""))
                .isEqualTo(new Run(1, "", "Invalid patch: The first line of the patch must be '*** Begin Patch'\n"));
    }

    /** Runs the helper in a fresh JVM with nothing but {@code env} in its environment. */
    private Run runJvm(Map<String, String> env, String patch) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), ApplyPatchMain.class.getName(), patch)
                .directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void nonAsciiPatchSurvivesAnEmptyEnvironment() throws Exception {
        Files.writeString(dir.resolve("menu.txt"), "café\n");
        String patch = "*** Begin Patch\n*** Update File: menu.txt\n@@\n-café\n+crème brûlée ☕\n*** End Patch";
        assertThat(runJvm(Map.of(), patch))
                .isEqualTo(new Run(0, "Success. Updated the following files:\nM menu.txt\n", ""));
        assertThat(Files.readString(dir.resolve("menu.txt"))).isEqualTo("crème brûlée ☕\n");
    }

    @Test
    void nonAsciiFileNamesNeedAUtf8Locale() throws Exception {
        String patch = "*** Begin Patch\n*** Add File: café.txt\n+x\n*** End Patch";
        Run cLocale = runJvm(Map.of(), patch);
        assertThat(cLocale.code()).isEqualTo(1);
        assertThat(cLocale.err())
                .isEqualTo("Failed to write file café.txt: the file name cannot be encoded in ANSI_X3.4-1968; run with"
                        + " a UTF-8 locale (LC_ALL=C.UTF-8)\n");
        assertThat(runJvm(Map.of("LC_ALL", "C.UTF-8"), patch))
                .isEqualTo(new Run(0, "Success. Updated the following files:\nA café.txt\n", ""));
        assertThat(Files.readString(dir.resolve("café.txt"))).isEqualTo("x\n");
    }
}
