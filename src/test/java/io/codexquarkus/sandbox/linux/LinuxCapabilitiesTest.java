package io.codexquarkus.sandbox.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The probe and the one-line "what is missing" text. */
class LinuxCapabilitiesTest {
    @Test
    void probeReportsThisHost() {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return;
        }
        LinuxCapabilities caps = LinuxCapabilities.probe();
        assertThat(caps.probeError()).isNull();
        assertThat(caps.arch()).isIn("x86_64", "aarch64");
        assertThat(caps.kernel()).isNotBlank();
        if (caps.landlock()) {
            assertThat(caps.landlockAbi()).isBetween(1, 100);
            assertThat(caps.landlockProblem()).isNull();
        } else {
            assertThat(caps.landlockProblem()).isNotBlank();
        }
        assertThat(caps.usable()).isEqualTo(caps.missing() == null);
    }

    @Test
    void missingFeaturesAreNamedWithWhatToDo() {
        LinuxCapabilities noLandlock = new LinuxCapabilities("x86_64", "5.4.0", -Errno.ENOSYS, null, null, false, null);
        assertThat(noLandlock.usable()).isFalse();
        assertThat(noLandlock.missing())
                .contains("no Landlock")
                .contains("danger-full-access")
                .doesNotContain("\n");
        LinuxCapabilities noSeccomp =
                new LinuxCapabilities("x86_64", "6.1", 3, "seccomp(...) failed", null, false, null);
        assertThat(noSeccomp.missing()).startsWith("seccomp filters are unavailable");
        LinuxCapabilities fine =
                new LinuxCapabilities("aarch64", "6.18", 7, null, "user.max_user_namespaces is 0", false, null);
        assertThat(fine.usable()).isTrue();
        assertThat(fine.missing()).isNull();
    }
}
