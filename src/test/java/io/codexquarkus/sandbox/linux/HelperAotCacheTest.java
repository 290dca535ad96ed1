package io.codexquarkus.sandbox.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From an application jar, the helper gets a slim jar and an AOT cache trained in the background, and then runs from
 * them; a newer application jar makes them stale.
 */
class HelperAotCacheTest {
    @TempDir
    Path dir;

    /** An application jar made of target/classes plus an unrelated entry that must not reach the slim jar. */
    private Path applicationJar() throws Exception {
        Path classes = Path.of(LinuxSandboxMain.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path jar = dir.resolve("app-runner.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("org/example/Unrelated.class"));
            out.write(new byte[] {1, 2, 3});
            out.closeEntry();
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        return jar;
    }

    @Test
    void trainsInTheBackgroundAndThenRunsFromTheSlimJar() throws Exception {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "skipped: needs Linux");
        LinuxCapabilities caps = LinuxCapabilities.probe();
        Assumptions.assumeTrue(caps.usable(), () -> "skipped: " + caps.missing());
        Path jar = applicationJar();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        LinuxSandboxHelper helper = LinuxSandboxHelper.jvm(java, jar, true, Map.of());
        assertThat(helper.aotCacheFile()).isEqualTo(dir.resolve("app-runner.linux-sandbox.aot"));
        assertThat(helper.aotCacheFresh()).isFalse();

        List<String> cold = helper.command(); // starts the training
        assertThat(cold).contains(jar.toRealPath().toString()).noneMatch(a -> a.startsWith("-XX:AOTCache"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!helper.aotCacheFresh() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(helper.aotCacheFresh()).as("cache trained within 90 s").isTrue();

        Path slim = dir.resolve("app-runner.linux-sandbox.jar");
        try (JarFile slimJar = new JarFile(slim.toFile())) {
            assertThat(slimJar.stream().map(JarEntry::getName))
                    .contains("io/codexquarkus/sandbox/linux/LinuxSandboxMain.class")
                    .allMatch(name -> name.startsWith("io/codexquarkus/sandbox/")
                            || name.startsWith("io/codexquarkus/common/")
                            || name.startsWith("io/codexquarkus/config/"));
        }
        List<String> warm = helper.command();
        assertThat(warm).contains("-XX:AOTCache=" + helper.aotCacheFile(), slim.toString());

        List<String> argv = new ArrayList<>(warm);
        argv.addAll(List.of(
                "--sandbox-policy-cwd",
                dir.toString(),
                "--sandbox-policy",
                "{\"mode\":\"read-only\"}",
                "--",
                "sh",
                "-c",
                "echo ran; touch inside.txt"));
        Path out = dir.resolve("out.txt");
        Process process = new ProcessBuilder(argv)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(out))
                .startsWith("ran\n")
                .containsAnyOf("Permission denied", "Read-only file system");
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(dir.resolve("inside.txt")).doesNotExist();

        // a rebuilt application jar makes slim jar and cache stale
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(helper.aotCacheFresh()).isFalse();
        assertThat(helper.currentCommand()).contains(jar.toRealPath().toString());
    }

    @Test
    void noCacheForAClassesDirectory() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        LinuxSandboxHelper helper =
                LinuxSandboxHelper.jvm(java, Files.createDirectories(dir.resolve("classes")), true, Map.of());
        assertThat(helper.aotCacheFile()).isNull();
        assertThat(helper.command()).isEqualTo(helper.baseCommand());
    }
}
