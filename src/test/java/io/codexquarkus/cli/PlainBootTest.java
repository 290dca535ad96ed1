package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which command lines start without Quarkus: {@code exec} after any global options, unless told otherwise. */
class PlainBootTest {
    private static boolean applies(String... args) {
        return PlainBoot.applies(args, Map.of());
    }

    @Test
    void execAndItsAliasAfterGlobalOptions() {
        assertThat(applies("exec", "hello")).isTrue();
        assertThat(applies("e", "hello")).isTrue();
        assertThat(applies("-c", "model=\"o3\"", "exec", "hello")).isTrue();
        assertThat(applies("--profile", "fast", "-c", "a=1", "exec")).isTrue();
        assertThat(applies("--config=a=1", "exec")).isTrue();
    }

    @Test
    void theLevelsAreThoseOfApplicationProperties() throws Exception {
        // PlainBoot repeats them (the runner jar no longer carries the file): a change there must be made here too
        Map<String, Integer> configured = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            Matcher level = Pattern.compile("quarkus\\.log(?:\\.category\\.\"([^\"]+)\")?\\.level=(\\w+)")
                    .matcher(line.strip());
            if (level.matches()) {
                String category = level.group(1) == null ? "" : level.group(1);
                configured.put(
                        category,
                        org.jboss.logmanager.Level.parse(level.group(2)).intValue());
            }
        }
        Map<String, Integer> repeated = new HashMap<>();
        PlainBoot.LEVELS.forEach((category, level) -> repeated.put(category, level.intValue()));
        assertThat(repeated).isEqualTo(configured);
    }

    @Test
    void everythingElseBootsQuarkus() {
        assertThat(applies()).isFalse();
        assertThat(applies("mcp")).isFalse();
        assertThat(applies("config", "show")).isFalse();
        assertThat(applies("-c", "exec")).as("exec is the value of -c here").isFalse();
        assertThat(applies("login", "exec")).isFalse();
        assertThat(PlainBoot.applies(new String[] {"exec", "x"}, Map.of(PlainBoot.SWITCH, "quarkus")))
                .isFalse();
    }
}
