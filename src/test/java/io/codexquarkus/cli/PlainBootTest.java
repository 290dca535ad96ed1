package io.codexquarkus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
