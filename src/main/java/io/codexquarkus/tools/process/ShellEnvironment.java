package io.codexquarkus.tools.process;

import io.codexquarkus.config.ShellEnvironmentInherit;
import io.codexquarkus.config.ShellEnvironmentPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment commands run with, built from {@code [shell_environment_policy]} (Codex's {@code create_env}):
 *
 * <ol>
 *   <li>start from {@code inherit}: {@code all} = this process's environment, {@code core} = only {@link #CORE_VARS},
 *       {@code none} = nothing;
 *   <li>unless {@code ignore_default_excludes}, drop names matching {@code *KEY*}, {@code *SECRET*} or {@code *TOKEN*};
 *   <li>drop names matching an {@code exclude} pattern;
 *   <li>add every {@code set} entry (overriding);
 *   <li>if {@code include_only} is not empty, keep only names matching one of its patterns.
 * </ol>
 *
 * Patterns are case-insensitive wildcards ({@code *}, {@code ?}).
 */
public final class ShellEnvironment {
    /** The variables {@code inherit = "core"} keeps (exact names). */
    public static final Set<String> CORE_VARS =
            Set.of("HOME", "LOGNAME", "PATH", "SHELL", "USER", "USERNAME", "TMPDIR", "TEMP", "TMP");

    /** Patterns dropped unless {@code ignore_default_excludes}: likely credentials. */
    public static final List<String> DEFAULT_EXCLUDES = List.of("*KEY*", "*SECRET*", "*TOKEN*");

    /** A policy that passes this process's environment on whole: inherit all, nothing excluded, nothing set. */
    public static final ShellEnvironmentPolicy INHERIT_EVERYTHING =
            new ShellEnvironmentPolicy(ShellEnvironmentInherit.ALL, true, List.of(), Map.of(), List.of(), false);

    private ShellEnvironment() {}

    /** The environment for commands, from {@code policy} and this process's environment {@code processEnv}. */
    public static Map<String, String> create(ShellEnvironmentPolicy policy, Map<String, String> processEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        switch (policy.inherit()) {
            case ALL -> env.putAll(processEnv);
            case CORE ->
                processEnv.forEach((name, value) -> {
                    if (CORE_VARS.contains(name)) {
                        env.put(name, value);
                    }
                });
            case NONE -> {}
        }
        if (!policy.ignoreDefaultExcludes()) {
            env.keySet().removeIf(name -> matchesAny(DEFAULT_EXCLUDES, name));
        }
        env.keySet().removeIf(name -> matchesAny(policy.exclude(), name));
        env.putAll(policy.set());
        if (!policy.includeOnly().isEmpty()) {
            env.keySet().removeIf(name -> !matchesAny(policy.includeOnly(), name));
        }
        return Collections.unmodifiableMap(env);
    }

    /** The environment for commands, from {@code policy} and {@link System#getenv()}. */
    public static Map<String, String> create(ShellEnvironmentPolicy policy) {
        return create(policy, System.getenv());
    }

    /** Whether {@code name} matches {@code pattern} ({@code *}, {@code ?}, case-insensitive). */
    public static boolean matches(String pattern, String name) {
        return new EnvPattern(pattern).matches(name);
    }

    private static boolean matchesAny(List<String> patterns, String name) {
        for (String pattern : patterns) {
            if (matches(pattern, name)) {
                return true;
            }
        }
        return false;
    }
}
