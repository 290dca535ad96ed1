package io.codexquarkus.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShlexTest {
    @Test
    void quotesOnlyWhatNeedsQuoting() {
        assertThat(Shlex.quote("foobar")).isEqualTo("foobar");
        assertThat(Shlex.quote("")).isEqualTo("''");
        assertThat(Shlex.quote("foo bar")).isEqualTo("'foo bar'");
        assertThat(Shlex.quote("'\"")).isEqualTo("\"'\\\"\"");
        assertThat(Shlex.quote("a=b")).isEqualTo("'a=b'");
    }

    @Test
    void joinsCommandsAsCodexShowsThem() {
        assertThat(Shlex.join(List.of("/bin/bash", "-lc", "git init"))).isEqualTo("/bin/bash -lc 'git init'");
        assertThat(Shlex.join(List.of("python3", "-c", "import pathlib; pathlib.Path('created.txt').touch()")))
                .isEqualTo("python3 -c \"import pathlib; pathlib.Path('created.txt').touch()\"");
        assertThat(Shlex.join(List.of("echo", "$HOME"))).isEqualTo("echo '$HOME'");
    }
}
