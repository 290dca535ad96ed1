package io.codexquarkus.tools.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DangerousCommandsTest {
    private static boolean dangerous(String... argv) {
        return DangerousCommands.mightBeDangerous(List.of(argv));
    }

    @Test
    void dangerousCommands() {
        assertThat(dangerous("git", "reset")).isTrue();
        assertThat(dangerous("git", "reset", "--hard")).isTrue();
        assertThat(dangerous("git", "rm", "file")).isTrue();
        assertThat(dangerous("git", "--force")).isTrue();
        assertThat(dangerous("/usr/bin/git", "reset", "--hard")).isTrue();
        assertThat(dangerous("rm", "-rf", "/")).isTrue();
        assertThat(dangerous("rm", "-f", "/")).isTrue();
        for (String flag : List.of("-Rf", "-fr", "-fR", "--force")) {
            assertThat(dangerous("rm", flag, "x")).as(flag).isTrue();
        }
        assertThat(dangerous("sudo", "git", "reset", "--hard")).isTrue();
        assertThat(dangerous("sudo", "rm", "-rf", "/tmp/x")).isTrue();
        assertThat(dangerous("bash", "-lc", "git reset --hard")).isTrue();
        assertThat(dangerous("zsh", "-lc", "git reset --hard")).isTrue();
        assertThat(dangerous("bash", "-lc", "ls && rm -rf build")).isTrue();
    }

    @Test
    void ordinaryCommands() {
        assertThat(dangerous("git", "status")).isFalse();
        assertThat(dangerous("bash", "-lc", "git status")).isFalse();
        assertThat(dangerous("rm", "file.txt")).isFalse();
        assertThat(dangerous("rm", "-r", "dir")).isFalse();
        assertThat(dangerous("sudo")).isFalse();
        assertThat(dangerous()).isFalse();
        // not a plain script: left to the approval policy, as upstream does
        assertThat(dangerous("bash", "-lc", "rm -rf $DIR")).isFalse();
    }
}
