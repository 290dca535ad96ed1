package io.codexquarkus.sandbox;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to start for one command: the full argument vector (program first, looked up on {@code PATH} when it has no
 * slash), the working directory, and the complete environment (not merged with anything).
 */
public record SpawnSpec(List<String> argv, Path cwd, Map<String, String> env) {
    public SpawnSpec {
        argv = List.copyOf(argv);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
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
