package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.testing.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deployment/install.sh} on real directories: install, run through the link, reinstall, uninstall. */
class InstallScriptIT {
    @TempDir
    Path dir;

    @Test
    void installsARunnableLinkAndUninstallsExactlyWhatItInstalled() throws Exception {
        Path prefix = dir.resolve("share/codex-quarkus");
        Path bin = dir.resolve("bin");

        Script install = install(prefix, bin);
        assertThat(install.exit).as(install.output).isZero();
        assertThat(install.output).contains("done: codex-quarkus ");
        assertThat(install.output).contains("source <(\"" + bin.resolve("codex-quarkus") + "\" completion bash)");
        assertThat(prefix.resolve("lib/codex-quarkus-runner.jar")).isRegularFile();
        assertThat(bin.resolve("codex-quarkus")).isSymbolicLink();

        Script version = run(List.of(bin.resolve("codex-quarkus").toString(), "--version"));
        assertThat(version.exit).as(version.output).isZero();
        assertThat(version.output).startsWith("codex-quarkus ");

        Script again = install(prefix, bin);
        assertThat(again.exit).as(again.output).isZero();
        assertThat(again.output).contains("unchanged " + prefix.resolve("lib/codex-quarkus-runner.jar"));

        Files.writeString(dir.resolve("share/keep.txt"), "not ours");
        Script uninstall = script("--uninstall", "--prefix", prefix.toString(), "--bin-dir", bin.toString());
        assertThat(uninstall.exit).as(uninstall.output).isZero();
        assertThat(prefix).doesNotExist();
        assertThat(bin).doesNotExist();
        assertThat(dir.resolve("share/keep.txt")).hasContent("not ours");
    }

    @Test
    void helpIsTheHeaderCommentAndNothingElse() throws Exception {
        Script help = script("--help");
        assertThat(help.exit).as(help.output).isZero();
        assertThat(help.output)
                .startsWith("Installs codex-quarkus")
                .contains("--uninstall")
                .contains("--no-train");
        assertThat(help.output.strip()).endsWith("At the end it prints how to enable shell completion.");
        assertThat(help.output)
                .doesNotContain("set -eu")
                .doesNotContain("unset ")
                .doesNotContain("# ");
    }

    @Test
    void uninstallWaitsForABackgroundTrainingBeforeRemovingTheCaches() throws Exception {
        Path prefix = dir.resolve("p");
        Path bin = dir.resolve("b");
        Script install = install(prefix, bin);
        assertThat(install.exit).as(install.output).isZero();
        // what the launcher holds while it trains a cache in the background
        Path lock = Files.createDirectories(prefix.resolve("lib/codex-quarkus-runner.exec.aot.lock"));

        Path log = dir.resolve("uninstall.log");
        Process uninstall = builder(List.of(
                        "bash",
                        installScript(),
                        "--uninstall",
                        "--prefix",
                        prefix.toString(),
                        "--bin-dir",
                        bin.toString()))
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(uninstall.waitFor(2, TimeUnit.SECONDS))
                    .as("uninstall waits")
                    .isFalse();
            assertThat(prefix.resolve("lib/codex-quarkus-runner.jar")).isRegularFile();
            // the training ends: it removes its lock, having written its cache
            Files.writeString(prefix.resolve("lib/codex-quarkus-runner.exec.aot"), "cache");
            Files.delete(lock);
            assertThat(uninstall.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(uninstall.exitValue()).as(output).isZero();
            assertThat(output).contains("waiting for a background AOT cache training");
            assertThat(prefix).doesNotExist();
        } finally {
            uninstall.destroyForcibly();
            uninstall.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Script(int exit, String output) {}

    private static String installScript() {
        return Launcher.projectDir().resolve("deployment/install.sh").toString();
    }

    /** Installs the built jar into {@code prefix}, linked from {@code bin}, without training caches. */
    private Script install(Path prefix, Path bin) throws IOException, InterruptedException {
        return script(
                "--prefix",
                prefix.toString(),
                "--bin-dir",
                bin.toString(),
                "--jar",
                Launcher.runnerJar().toString(),
                "--no-train");
    }

    private Script script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", installScript()));
        command.addAll(List.of(args));
        return run(command);
    }

    private Script run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "script", ".log");
        Process process = builder(command).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as(String.join(" ", command))
                    .isTrue();
            return new Script(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Launcher.baseEnvironment(builder.environment());
        builder.environment().remove("CODEX_QUARKUS_JAR"); // the installed launcher finds its own jar
        builder.environment().put("CODEX_QUARKUS_AOT", "use"); // no background training from the tests
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("xdg-cache").toString());
        return builder;
    }
}
