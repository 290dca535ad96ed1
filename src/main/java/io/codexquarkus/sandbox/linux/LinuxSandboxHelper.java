package io.codexquarkus.sandbox.linux;

import io.codexquarkus.sandbox.SandboxEnv;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start the Linux helper from this application: an explicit executable that acts as {@code
 * codex-linux-sandbox} (the launcher linked under that name, or a future native build), or this process's own {@code
 * java} with the class path this class came from (the runner jar, or {@code target/classes} in tests), quiet JVM
 * logging, fast-start flags and, for a jar, a slim helper jar with an AOT cache ({@link HelperAotCache}).
 */
public final class LinuxSandboxHelper {
    /** Flags for a short-lived JVM whose only job is a few system calls; the same for training and for use. */
    public static final List<String> JVM_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            "-Xlog:aot*=off",
            "-Xlog:cds*=off",
            "-Xint",
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-Xrs");

    /** Variables that would configure the helper's own JVM; they are passed through under another name. */
    public static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

    private final List<String> prefix;
    private final boolean jvm;
    private final HelperAotCache aotCache;
    private final String javaBinary;

    private LinuxSandboxHelper(List<String> prefix, boolean jvm, HelperAotCache aotCache, String javaBinary) {
        this.prefix = List.copyOf(prefix);
        this.jvm = jvm;
        this.aotCache = aotCache;
        this.javaBinary = javaBinary;
    }

    /** An executable that behaves as {@code codex-linux-sandbox}. */
    public static LinuxSandboxHelper executable(Path exe) {
        return new LinuxSandboxHelper(List.of(exe.toString()), false, null, null);
    }

    /**
     * {@code java} with {@code classPath}; a jar class path gets an AOT cache when {@code useAotCache}.
     */
    public static LinuxSandboxHelper jvm(Path java, Path classPath, boolean useAotCache, Map<String, String> env) {
        try {
            // one spelling per jar, so every process finds the same slim jar and cache next to it
            classPath = classPath.toRealPath();
        } catch (IOException e) {
            classPath = classPath.toAbsolutePath().normalize();
        }
        List<String> prefix = new ArrayList<>();
        prefix.add(java.toString());
        prefix.addAll(JVM_FLAGS);
        prefix.add("-cp");
        prefix.add(classPath.toString());
        prefix.add(LinuxSandboxMain.class.getName());
        HelperAotCache cache = useAotCache
                        && Files.isRegularFile(classPath)
                        && classPath.toString().endsWith(".jar")
                ? HelperAotCache.forJar(classPath, env)
                : null;
        return new LinuxSandboxHelper(prefix, true, cache, java.toString());
    }

    /**
     * The helper for this process: {@code CODEX_LINUX_SANDBOX_EXE} when set, else this JVM with the class path of
     * the helper class.
     */
    public static LinuxSandboxHelper forCurrentProcess(Map<String, String> env) {
        String exe = env.get(SandboxEnv.LINUX_SANDBOX_EXE);
        if (exe != null && !exe.isBlank()) {
            return executable(Path.of(exe));
        }
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            // a native build has no JVM to start: it runs itself under the helper's name (the arg0 dispatch)
            return executable(
                    arg0Link(Path.of(ProcessHandle.current().info().command().orElseThrow())));
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return jvm(java, ownClassPath(), true, env);
    }

    /**
     * A private directory holding a {@code codex-linux-sandbox} symlink to {@code exe}, so that starting the link
     * gives the program that {@code argv[0]} ({@link LinuxSandboxMain#invokedAsHelper()}).
     */
    static Path arg0Link(Path exe) {
        try {
            Path dir = Files.createTempDirectory("codex-arg0");
            dir.toFile().deleteOnExit();
            Path link = Files.createSymbolicLink(dir.resolve(LinuxSandboxMain.ARG0), exe);
            link.toFile().deleteOnExit();
            return link;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the codex-linux-sandbox link: " + e.getMessage(), e);
        }
    }

    /** Where {@link LinuxSandboxMain} was loaded from: a jar or a classes directory. */
    static Path ownClassPath() {
        CodeSource source = LinuxSandboxMain.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                return Path.of(source.getLocation().toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // fall through to the JVM's class path
            }
        }
        String classPath = System.getProperty("java.class.path");
        int separator = classPath.indexOf(File.pathSeparatorChar);
        return Path.of(separator < 0 ? classPath : classPath.substring(0, separator));
    }

    /** Whether the helper runs on a JVM (whose own environment variables must be kept away from it). */
    public boolean isJvm() {
        return jvm;
    }

    /**
     * The command up to the helper's own arguments. From the application jar this is the slim jar with the AOT cache
     * when both are ready; when not, the application jar, and the cache starts training in the background.
     */
    public List<String> command() {
        if (aotCache == null) {
            return prefix;
        }
        if (aotCache.isFresh()) {
            return cachedCommand();
        }
        aotCache.trainInBackground(javaBinary, JVM_FLAGS);
        return prefix;
    }

    /** The command as {@link #command()} would return it now, without starting any training. */
    public List<String> currentCommand() {
        return aotCache != null && aotCache.isFresh() ? cachedCommand() : prefix;
    }

    private List<String> cachedCommand() {
        List<String> cached = new ArrayList<>();
        cached.add(javaBinary);
        cached.add("-XX:AOTCache=" + aotCache.file());
        cached.addAll(JVM_FLAGS);
        cached.addAll(List.of("-cp", aotCache.slimJar().toString(), LinuxSandboxMain.class.getName()));
        return cached;
    }

    /** The command from the configured class path without any cache: what runs until the cache is ready. */
    public List<String> baseCommand() {
        return prefix;
    }

    /** The helper's AOT cache file, or {@code null} when it has none (a directory class path, an executable). */
    public Path aotCacheFile() {
        return aotCache == null ? null : aotCache.file();
    }

    public boolean aotCacheFresh() {
        return aotCache != null && aotCache.isFresh();
    }
}
