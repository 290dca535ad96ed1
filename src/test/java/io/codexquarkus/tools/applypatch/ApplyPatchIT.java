package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.Launcher.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code codex-quarkus apply-patch} and the standalone helper main, from the packaged jar. */
class ApplyPatchIT {
    @TempDir
    Path dir;

    private Result run(String stdin, String... args) {
        return Launcher.run(dir, Map.of("CODEX_HOME", dir.resolve("home").toString()), stdin, args);
    }

    @Test
    void appliesAPatchGivenAsArgument() throws Exception {
        Files.writeString(dir.resolve("app.py"), "def greet():\n    print(\"hi\")\n");
        Files.writeString(dir.resolve("old.txt"), "obsolete\n");
        Result result = run(null, "apply-patch", """
                *** Begin Patch
                *** Update File: app.py
                @@ def greet():
                -    print("hi")
                +    print("hello")
                *** Delete File: old.txt
                *** Add File: docs/notes.md
                +# Notes
                *** End Patch
                """);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout())
                .isEqualTo("Success. Updated the following files:\nA docs/notes.md\nM app.py\nD old.txt\n");
        assertThat(result.stderr()).isEmpty();
        assertThat(Files.readString(dir.resolve("app.py"))).isEqualTo("def greet():\n    print(\"hello\")\n");
        assertThat(Files.readString(dir.resolve("docs/notes.md"))).isEqualTo("# Notes\n");
        assertThat(dir.resolve("old.txt")).doesNotExist();
    }

    @Test
    void readsThePatchFromStdinAndReportsFailures() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "one\n");
        Result ok = run("*** Begin Patch\n*** Update File: a.txt\n@@\n-one\n+two\n*** End Patch\n", "apply-patch");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.stdout()).isEqualTo("Success. Updated the following files:\nM a.txt\n");
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("two\n");

        Result failed =
                run("*** Begin Patch\n*** Update File: a.txt\n@@\n-missing\n+x\n*** End Patch\n", "apply-patch");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stdout()).isEmpty();
        assertThat(failed.stderr()).isEqualTo("Failed to find expected lines in a.txt:\nmissing\n");

        Result empty = run(null, "apply-patch");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.stderr()).startsWith("error: no patch");
    }

    @Test
    void goldenScenariosThroughThePackagedCommand() throws Exception {
        for (ScenarioFixtures.Scenario scenario : ScenarioFixtures.all()) {
            if (!List.of("002_multiple_operations", "012_delete_directory_fails", "021_unicode_punctuation")
                    .contains(scenario.name())) {
                continue;
            }
            Path work = Files.createDirectory(dir.resolve(scenario.name()));
            scenario.copyInputTo(work);
            Result result = Launcher.run(work, Map.of(), null, "apply-patch", scenario.patch());
            assertThat(result.exitCode()).as(scenario.name() + "\n" + result).isEqualTo(scenario.exitCode());
            assertThat(result.stdout()).as(scenario.name()).isEqualTo(scenario.stdout());
            assertThat(result.stderr()).as(scenario.name()).isEqualTo(scenario.stderr());
            assertThat(ScenarioFixtures.snapshot(work)).as(scenario.name()).isEqualTo(scenario.expectedTree());
        }
    }

    @Test
    void standaloneMainRunsFromTheJarWithoutQuarkus() throws Exception {
        Files.writeString(dir.resolve("menu.txt"), "café\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        Launcher.runnerJar().toString(),
                        ApplyPatchMain.class.getName(),
                        "*** Begin Patch\n*** Update File: menu.txt\n@@\n-café\n+thé\n*** End Patch")
                .directory(dir.toFile())
                .start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out).isEqualTo("Success. Updated the following files:\nM menu.txt\n");
        assertThat(err).isEmpty();
        assertThat(Files.readString(dir.resolve("menu.txt"))).isEqualTo("thé\n");
    }
}
