package io.codexquarkus.sandbox;

import io.codexquarkus.testing.Launcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The programs of the escape suite, where every user of the suite can read them: the Python probe and listener
 * (copied from the test resources), the system Python, and the launcher with the runner jar (the build's own, or
 * copies in the stage directory when another user could not reach the build directory).
 */
record EscapeScripts(String python, Path probe, Path listener, Path launcher, Path jar) {
    /** The system interpreter: a per-user one (pyenv under /root) is out of reach for other users. */
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3");

    static EscapeScripts stage(Path stage) throws IOException {
        Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
        String python = PYTHONS.stream()
                .filter(p -> Files.isExecutable(Path.of(p)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the escape suite needs python3 in one of " + PYTHONS));
        return new EscapeScripts(
                python,
                copyResource("escape/probe.py", stage),
                copyResource("escape/listener.py", stage),
                Launcher.launcher(),
                Launcher.runnerJar());
    }

    private static Path copyResource(String name, Path stage) throws IOException {
        Path target = stage.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = EscapeScripts.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        return target;
    }

    /**
     * These programs as {@code user} can run them: unchanged when it can read the launcher and the jar, else with
     * both copied into {@code stage}. Returns null (with the reason in {@code why}) when even that is not enough.
     */
    EscapeScripts reachableBy(EscapeUser user, Path stage, StringBuilder why) throws IOException {
        EscapeScripts scripts = this;
        if (!user.can(List.of("test", "-r", jar.toString(), "-a", "-r", launcher.toString()))) {
            Path bin = Files.createDirectories(stage.resolve("bin"));
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path launcherCopy = Files.copy(launcher, bin.resolve("codex-quarkus"), StandardCopyOption.REPLACE_EXISTING);
            Path jarCopy = Files.copy(jar, bin.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(launcherCopy, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(jarCopy, PosixFilePermissions.fromString("rw-r--r--"));
            scripts = new EscapeScripts(python, probe, listener, launcherCopy, jarCopy);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<List<String>> checks = List.of(
                List.of("test", "-r", scripts.jar.toString()),
                List.of(java, "-version"),
                List.of(python, scripts.probe.toString(), "{\"workspace\":\"\",\"outside\":\"\",\"only\":[\"none\"]}"));
        for (List<String> check : checks) {
            if (!user.can(check)) {
                why.append(user.label()).append(" cannot run ").append(String.join(" ", check));
                return null;
            }
        }
        return scripts;
    }
}
