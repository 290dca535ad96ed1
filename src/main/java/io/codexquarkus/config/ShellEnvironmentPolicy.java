package io.codexquarkus.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [shell_environment_policy]}: the environment commands run with. Patterns are case-insensitive wildcards
 * ({@code *}, {@code ?}).
 */
public record ShellEnvironmentPolicy(
        ShellEnvironmentInherit inherit,
        boolean ignoreDefaultExcludes,
        List<String> exclude,
        Map<String, String> set,
        List<String> includeOnly,
        boolean experimentalUseProfile) {
    public ShellEnvironmentPolicy {
        exclude = List.copyOf(exclude);
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        includeOnly = List.copyOf(includeOnly);
    }

    public static ShellEnvironmentPolicy defaults() {
        return new ShellEnvironmentPolicy(ShellEnvironmentInherit.ALL, false, List.of(), Map.of(), List.of(), false);
    }
}
