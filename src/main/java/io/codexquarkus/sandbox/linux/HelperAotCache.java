package io.codexquarkus.sandbox.linux;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.jboss.logging.Logger;

/**
 * What makes the helper start fast from the application jar: a slim jar holding only the packages the helper uses
 * (opening the 18 MB uber-jar alone costs tens of milliseconds) and a JDK AOT cache trained on it (the FFM linkage is
 * the expensive part of start-up). Both live next to the application jar ({@code X.jar} → {@code
 * X.linux-sandbox.jar}, {@code X.linux-sandbox.aot}) or, when that directory is read-only, under {@code
 * ${XDG_CACHE_HOME:-~/.cache}/codex-quarkus/}; the launcher looks in the same two places.
 *
 * <p>The slim jar is extracted on first use; the cache is trained by the helper's {@code --aot-training-run} with
 * {@code -XX:AOTCacheOutput}, in a detached shell that renames the finished file into place, so a short-lived parent
 * never leaves half a cache behind. Until both are ready, the helper runs from the application jar without a cache. A
 * sidecar {@code .jdk} file names the JDK that trained the cache; anything older than the application jar or from
 * another JDK is rebuilt.
 */
public final class HelperAotCache {
    private static final Logger LOG = Logger.getLogger(HelperAotCache.class);
    private static final long TRAINING_STALE_MILLIS = TimeUnit.MINUTES.toMillis(2);
    /** Everything the helper can load from the application: its own package tree, {@code common} and {@code config}. */
    private static final List<String> HELPER_PACKAGES =
            List.of("io/codexquarkus/sandbox/", "io/codexquarkus/common/", "io/codexquarkus/config/");

    private final Path jar;
    private final Path slimJar;
    private final Path cache;

    private HelperAotCache(Path jar, Path base) {
        this.jar = jar;
        this.slimJar = base.resolveSibling(base.getFileName() + ".linux-sandbox.jar");
        this.cache = base.resolveSibling(base.getFileName() + ".linux-sandbox.aot");
    }

    /** The cache for {@code jar}, or {@code null} when no candidate directory is writable. */
    public static HelperAotCache forJar(Path jar, Map<String, String> env) {
        String base = jar.getFileName().toString();
        if (base.endsWith(".jar")) {
            base = base.substring(0, base.length() - 4);
        }
        Path besideJar = jar.toAbsolutePath().getParent();
        if (besideJar != null && Files.isWritable(besideJar)) {
            return new HelperAotCache(jar, besideJar.resolve(base));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path dir = xdg != null && !xdg.isEmpty()
                ? Path.of(xdg, "codex-quarkus")
                : home == null ? null : Path.of(home, ".cache", "codex-quarkus");
        if (dir == null) {
            return null;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return null;
        }
        return Files.isWritable(dir) ? new HelperAotCache(jar, dir.resolve(base)) : null;
    }

    /** The AOT cache file. */
    public Path file() {
        return cache;
    }

    /** The slim jar the cache is trained on and used with. */
    public Path slimJar() {
        return slimJar;
    }

    private Path jdkStamp() {
        return cache.resolveSibling(cache.getFileName() + ".jdk");
    }

    private Path trainingMarker() {
        return cache.resolveSibling(cache.getFileName() + ".training");
    }

    static String currentJdk() {
        return System.getProperty("java.vm.version") + " " + System.getProperty("java.home");
    }

    /**
     * Whether the slim jar is newer than the application jar, the cache newer than the slim jar, and the cache
     * trained by this JDK.
     */
    public boolean isFresh() {
        try {
            if (!Files.isRegularFile(cache) || !Files.isRegularFile(slimJar) || !Files.isRegularFile(jdkStamp())) {
                return false;
            }
            FileTime jarTime = Files.getLastModifiedTime(jar);
            FileTime slimTime = Files.getLastModifiedTime(slimJar);
            FileTime cacheTime = Files.getLastModifiedTime(cache);
            String stamp = Files.readString(jdkStamp(), StandardCharsets.UTF_8).strip();
            return slimTime.compareTo(jarTime) > 0 && cacheTime.compareTo(slimTime) >= 0 && stamp.equals(currentJdk());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Extracts the slim jar (when missing or older than the application jar) and starts training the cache in the
     * background, unless a training started less than two minutes ago. Never waits for the training and never fails:
     * without a cache the helper is only slower.
     *
     * @param java the {@code java} executable
     * @param flags the helper's JVM flags (the cache records them: training and use must agree)
     */
    public void trainInBackground(String java, List<String> flags) {
        Path marker = trainingMarker();
        try {
            try {
                Files.createFile(marker);
            } catch (FileAlreadyExistsException e) {
                if (System.currentTimeMillis()
                                - Files.getLastModifiedTime(marker).toMillis()
                        < TRAINING_STALE_MILLIS) {
                    return;
                }
                Files.setLastModifiedTime(marker, FileTime.fromMillis(System.currentTimeMillis()));
            }
            if (!Files.isRegularFile(slimJar)
                    || Files.getLastModifiedTime(slimJar).compareTo(Files.getLastModifiedTime(jar)) <= 0) {
                extractSlimJar();
            }
            Path temp = cache.resolveSibling(
                    cache.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            List<String> training = new ArrayList<>();
            training.add(java);
            training.add("-XX:AOTCacheOutput=" + temp);
            training.addAll(flags);
            training.addAll(List.of("-cp", slimJar.toString(), LinuxSandboxMain.class.getName()));
            training.add(LinuxSandboxMain.TRAINING_RUN);
            // $1 = temp, $2 = cache, $3 = JDK stamp, $4 = marker, then the training command
            String script = "t=$1 c=$2 s=$3 m=$4; shift 4; "
                    + "if \"$@\" && [ -s \"$t\" ]; then mv -f \"$t\" \"$c\" && printf '%s\\n' \"$s\" > \"$c.jdk\"; fi; "
                    + "rm -f \"$t\" \"$t.config\" \"$m\"";
            List<String> command = new ArrayList<>(List.of(
                    "/bin/sh", "-c", script, "sh", temp.toString(), cache.toString(), currentJdk(), marker.toString()));
            command.addAll(training);
            new ProcessBuilder(command)
                    .directory(cache.getParent().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            LOG.debugf("training the sandbox helper's AOT cache into %s", cache);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("cannot prepare the sandbox helper's AOT cache: %s", e.getMessage());
            try {
                Files.deleteIfExists(marker);
            } catch (IOException ignored) {
                // the marker goes stale after two minutes anyway
            }
        }
    }

    /** Copies the helper's packages out of the application jar, replacing the slim jar atomically. */
    void extractSlimJar() throws IOException {
        Path temp = slimJar.resolveSibling(
                slimJar.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try (JarFile source = new JarFile(jar.toFile());
                OutputStream file = Files.newOutputStream(temp);
                JarOutputStream target = new JarOutputStream(file)) {
            Enumeration<JarEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !isHelperEntry(entry.getName())) {
                    continue;
                }
                target.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream in = source.getInputStream(entry)) {
                    in.transferTo(target);
                }
                target.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.move(temp, slimJar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, slimJar, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean isHelperEntry(String name) {
        for (String prefix : HELPER_PACKAGES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
