package io.codexquarkus.sandbox;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to start for one command: the full argument vector (program first, looked up on {@code PATH} when it has no
 * slash), the working directory, and the complete environment (not merged with anything). {@code helperLaunch} counts
 * the leading arguments that start the Linux sandbox helper's JVM (0 when the spec starts something else): a helper
 * started ahead with those same arguments can take the rest ({@code PrestartRequest}).
 */
public record SpawnSpec(List<String> argv, Path cwd, Map<String, String> env, int helperLaunch) {
    public SpawnSpec {
        argv = List.copyOf(argv);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (helperLaunch < 0 || helperLaunch > argv.size()) {
            throw new IllegalArgumentException("helperLaunch out of range: " + helperLaunch);
        }
    }

    /** A spec that does not start the sandbox helper through a JVM. */
    public SpawnSpec(List<String> argv, Path cwd, Map<String, String> env) {
        this(argv, cwd, env, 0);
    }

    /** A {@link ProcessBuilder} for this spec, with exactly this environment. */
    public ProcessBuilder toProcessBuilder() {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(cwd.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(env);
        return builder;
    }
}
