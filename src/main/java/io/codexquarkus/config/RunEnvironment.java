package io.codexquarkus.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a command reads from the process it runs in: the environment variables, the working directory and the JVM's
 * {@code user.home}. Built once from the process by the command line; tests build one of their own so that CLI
 * behaviour runs in-process with a chosen environment and directory.
 */
public record RunEnvironment(Map<String, String> env, Path cwd, String userHome) {
    public RunEnvironment {
        env = Map.copyOf(env);
        cwd = cwd.toAbsolutePath().normalize();
    }

    /** This process's environment, working directory and {@code user.home}. */
    public static RunEnvironment fromProcess() {
        return new RunEnvironment(System.getenv(), Path.of("").toAbsolutePath(), System.getProperty("user.home"));
    }

    /** The variable's value, or {@code null} when it is not set (as {@link System#getenv(String)}). */
    public String get(String name) {
        return env.get(name);
    }

    public CodexHome codexHome() {
        return CodexHome.fromEnvironment(env, userHome);
    }
}
