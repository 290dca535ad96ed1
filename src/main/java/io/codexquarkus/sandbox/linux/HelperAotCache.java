package io.codexquarkus.sandbox.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A JDK AOT cache for the helper, which halves its start-up (the FFM linkage is the expensive part). It is trained by
 * running the helper's {@code --aot-training-run} with {@code -XX:AOTCacheOutput}, in a detached shell that renames
 * the finished file into place, so a short-lived parent never leaves half a cache behind. The cache lives next to the
 * jar ({@code X.jar} → {@code X.linux-sandbox.aot}) or, when that directory is read-only, under {@code
 * ${XDG_CACHE_HOME:-~/.cache}/codex-quarkus/}; the launcher looks in the same two places. A sidecar {@code .jdk} file
 * names the JDK that trained it: a cache older than the jar or from another JDK is retrained (and, until then, the
 * JVM ignores it silently).
 */
public final class HelperAotCache {
    private static final Logger LOG = Logger.getLogger(HelperAotCache.class);
    private static final long TRAINING_STALE_MILLIS = TimeUnit.MINUTES.toMillis(2);

    private final Path jar;
    private final Path cache;

    private HelperAotCache(Path jar, Path cache) {
        this.jar = jar;
        this.cache = cache;
    }

    /** The cache for {@code jar}, or {@code null} when no candidate directory is writable. */
    public static HelperAotCache forJar(Path jar, Map<String, String> env) {
        String base = jar.getFileName().toString();
        if (base.endsWith(".jar")) {
            base = base.substring(0, base.length() - 4);
        }
        String name = base + ".linux-sandbox.aot";
        Path besideJar = jar.toAbsolutePath().getParent();
        if (besideJar != null && Files.isWritable(besideJar)) {
            return new HelperAotCache(jar, besideJar.resolve(name));
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
        return Files.isWritable(dir) ? new HelperAotCache(jar, dir.resolve(name)) : null;
    }

    public Path file() {
        return cache;
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

    /** Whether the cache exists, is at least as new as the jar and was trained by this JDK. */
    public boolean isFresh() {
        try {
            if (!Files.isRegularFile(cache) || !Files.isRegularFile(jdkStamp())) {
                return false;
            }
            FileTime cacheTime = Files.getLastModifiedTime(cache);
            FileTime jarTime = Files.getLastModifiedTime(jar);
            String stamp = Files.readString(jdkStamp(), StandardCharsets.UTF_8).strip();
            return cacheTime.compareTo(jarTime) >= 0 && stamp.equals(currentJdk());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts training in the background unless a training started less than two minutes ago. Never waits and never
     * fails: without a cache the helper is only slower.
     *
     * @param jvmCommand the helper's command up to and including the main class, without any {@code -XX:AOTCache}
     */
    public void trainInBackground(List<String> jvmCommand) {
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
            Path temp = cache.resolveSibling(
                    cache.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            List<String> training = new ArrayList<>();
            training.add(jvmCommand.get(0));
            training.add("-XX:AOTCacheOutput=" + temp);
            training.addAll(jvmCommand.subList(1, jvmCommand.size()));
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
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            LOG.debugf("training the sandbox helper's AOT cache into %s", cache);
        } catch (IOException | RuntimeException e) {
            LOG.debugf("cannot train the sandbox helper's AOT cache: %s", e.getMessage());
        }
    }
}
