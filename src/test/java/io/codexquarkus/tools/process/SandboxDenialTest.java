package io.codexquarkus.tools.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SandboxDenialTest {
    private static ExecOutput exited(int code, String stdout, String stderr) {
        return new ExecOutput(code, stdout, stderr, stdout + stderr, Duration.ofMillis(5), false, Optional.empty());
    }

    @Test
    void successIsNeverADenial() {
        assertThat(SandboxDenial.isLikelyDenied(exited(0, "", "Permission denied")))
                .isFalse();
    }

    @Test
    void keywordsInAnyStreamMeanDenied() {
        assertThat(SandboxDenial.isLikelyDenied(exited(1, "", "touch: cannot touch 'x': Permission denied")))
                .isTrue();
        assertThat(SandboxDenial.isLikelyDenied(exited(1, "mkdir: Read-only file system", "")))
                .isTrue();
        assertThat(SandboxDenial.isLikelyDenied(exited(1, "", "connect: Operation not permitted")))
                .isTrue();
        assertThat(SandboxDenial.isLikelyDenied(exited(2, "", "LANDLOCK refused")))
                .isTrue();
        assertThat(SandboxDenial.isLikelyDenied(exited(127, "", "blocked by seccomp")))
                .isTrue();
        assertThat(SandboxDenial.isLikelyDenied(exited(1, "", "sandbox violation")))
                .isTrue();
        assertThat(SandboxDenial.isLikelyDenied(exited(1, "", "error: failed to write file out.txt")))
                .isTrue();
        ExecOutput aggregatedOnly =
                new ExecOutput(1, "", "", "operation NOT permitted", Duration.ZERO, false, Optional.empty());
        assertThat(SandboxDenial.isLikelyDenied(aggregatedOnly)).isTrue();
    }

    @Test
    void ordinaryFailuresWithoutKeywordsAreNotDenials() {
        assertThat(SandboxDenial.isLikelyDenied(exited(2, "", "usage: ls [-a]")))
                .isFalse();
        assertThat(SandboxDenial.isLikelyDenied(exited(126, "", "cannot execute")))
                .isFalse();
        assertThat(SandboxDenial.isLikelyDenied(exited(127, "", "sh: 1: nosuch: not found")))
                .isFalse();
        assertThat(SandboxDenial.isLikelyDenied(exited(1, "", "tests failed"))).isFalse();
        assertThat(SandboxDenial.isLikelyDenied(exited(137, "", ""))).isFalse();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aSeccompKillIsADenial() {
        assertThat(SandboxDenial.isLikelyDenied(exited(128 + 31, "", ""))).isTrue();
    }

    @Test
    void timeoutsAreNotDenials() {
        ExecOutput timedOut =
                new ExecOutput(124, "", "sandbox", "sandbox", Duration.ofSeconds(10), true, Optional.empty());
        assertThat(SandboxDenial.isLikelyDenied(timedOut)).isFalse();
    }
}
