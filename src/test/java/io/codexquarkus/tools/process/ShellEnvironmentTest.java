package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.config.ShellEnvironmentInherit;
import io.codexquarkus.config.ShellEnvironmentPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellEnvironmentTest {
    private static final Map<String, String> PROCESS_ENV = processEnv();

    private static Map<String, String> processEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", "/home/dev");
        env.put("PATH", "/usr/bin:/bin");
        env.put("USER", "dev");
        env.put("TMPDIR", "/tmp/dev");
        env.put("LANG", "C.UTF-8");
        env.put("OPENAI_API_KEY", "sk-test");
        env.put("GITHUB_TOKEN", "ghp-test");
        env.put("aws_secret_access_key", "lower-case-secret");
        env.put("MY_SECRET", "shh");
        env.put("KEYBOARD", "us");
        env.put("CARGO_HOME", "/home/dev/.cargo");
        env.put("Path", "mixed-case-not-core");
        return env;
    }

    private static ShellEnvironmentPolicy policy(
            ShellEnvironmentInherit inherit,
            boolean ignoreDefaultExcludes,
            List<String> exclude,
            Map<String, String> set,
            List<String> includeOnly) {
        return new ShellEnvironmentPolicy(inherit, ignoreDefaultExcludes, exclude, set, includeOnly, false);
    }

    @Test
    void defaultPolicyInheritsEverythingButLikelySecrets() {
        Map<String, String> env = ShellEnvironment.create(ShellEnvironmentPolicy.defaults(), PROCESS_ENV);

        assertThat(env)
                .containsOnlyKeys("HOME", "PATH", "USER", "TMPDIR", "LANG", "CARGO_HOME", "Path")
                .containsEntry("PATH", "/usr/bin:/bin");
    }

    @Test
    void coreKeepsOnlyTheCoreVariablesByExactName() {
        Map<String, String> env = ShellEnvironment.create(
                policy(ShellEnvironmentInherit.CORE, false, List.of(), Map.of(), List.of()), PROCESS_ENV);

        assertThat(env).containsOnlyKeys("HOME", "PATH", "USER", "TMPDIR");
    }

    @Test
    void noneStartsEmpty() {
        Map<String, String> env = ShellEnvironment.create(
                policy(ShellEnvironmentInherit.NONE, false, List.of(), Map.of(), List.of()), PROCESS_ENV);

        assertThat(env).isEmpty();
    }

    @Test
    void ignoreDefaultExcludesKeepsSecrets() {
        Map<String, String> env = ShellEnvironment.create(
                policy(ShellEnvironmentInherit.ALL, true, List.of(), Map.of(), List.of()), PROCESS_ENV);

        assertThat(env).isEqualTo(PROCESS_ENV);
    }

    @Test
    void excludePatternsDropMatchingNames() {
        Map<String, String> env = ShellEnvironment.create(
                policy(ShellEnvironmentInherit.ALL, true, List.of("cargo_*", "?ANG", "path"), Map.of(), List.of()),
                PROCESS_ENV);

        assertThat(env)
                .doesNotContainKeys("CARGO_HOME", "LANG", "PATH", "Path")
                .containsKeys("HOME", "OPENAI_API_KEY", "KEYBOARD");
    }

    @Test
    void setOverridesAndAddsAfterExcludes() {
        Map<String, String> env = ShellEnvironment.create(
                policy(
                        ShellEnvironmentInherit.CORE,
                        false,
                        List.of("HOME", "*TOKEN*"),
                        Map.of("HOME", "/sandbox", "CI_TOKEN", "set-explicitly", "PATH", "/opt/bin"),
                        List.of()),
                PROCESS_ENV);

        assertThat(env)
                .containsEntry("HOME", "/sandbox")
                .containsEntry("CI_TOKEN", "set-explicitly")
                .containsEntry("PATH", "/opt/bin")
                .containsOnlyKeys("HOME", "CI_TOKEN", "PATH", "USER", "TMPDIR");
    }

    @Test
    void includeOnlyRunsLastAndAlsoFiltersSetEntries() {
        Map<String, String> env = ShellEnvironment.create(
                policy(
                        ShellEnvironmentInherit.ALL,
                        false,
                        List.of(),
                        Map.of("EXTRA", "1", "PATH_EXTRA", "2"),
                        List.of("path*", "HOME")),
                PROCESS_ENV);

        assertThat(env).containsOnlyKeys("PATH", "Path", "PATH_EXTRA", "HOME");
    }

    @Test
    void wildcardsAreCaseInsensitive() {
        assertThat(ShellEnvironment.matches("*KEY*", "openai_api_key")).isTrue();
        assertThat(ShellEnvironment.matches("*KEY*", "KEY")).isTrue();
        assertThat(ShellEnvironment.matches("*key*", "MONKEYS")).isTrue();
        assertThat(ShellEnvironment.matches("*KEY*", "KE_Y")).isFalse();
        assertThat(ShellEnvironment.matches("PATH", "path")).isTrue();
        assertThat(ShellEnvironment.matches("PATH", "PATHS")).isFalse();
        assertThat(ShellEnvironment.matches("PATH*", "PATH")).isTrue();
        assertThat(ShellEnvironment.matches("?", "")).isFalse();
        assertThat(ShellEnvironment.matches("?", "a")).isTrue();
        assertThat(ShellEnvironment.matches("a?c", "ABC")).isTrue();
        assertThat(ShellEnvironment.matches("a?c", "AC")).isFalse();
        assertThat(ShellEnvironment.matches("*", "")).isTrue();
        assertThat(ShellEnvironment.matches("", "")).isTrue();
        assertThat(ShellEnvironment.matches("", "A")).isFalse();
        assertThat(ShellEnvironment.matches("*_*_*", "A_B_C")).isTrue();
        assertThat(ShellEnvironment.matches("*_*_*", "A_BC")).isFalse();
        assertThat(ShellEnvironment.matches("A*B*C", "AXXBYYBZZC")).isTrue();
        assertThat(ShellEnvironment.matches("A*B*C", "AXXBYYBZZ")).isFalse();
        assertThat(ShellEnvironment.matches("[AB]", "A")).isFalse();
        assertThat(ShellEnvironment.matches("[AB]", "[ab]")).isTrue();
    }

    @Test
    void resultIsReadOnly() {
        Map<String, String> env = ShellEnvironment.create(ShellEnvironmentPolicy.defaults(), PROCESS_ENV);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.put("X", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
