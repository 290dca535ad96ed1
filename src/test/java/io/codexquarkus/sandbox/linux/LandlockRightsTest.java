package io.codexquarkus.sandbox.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The file-system rights handled for each Landlock ABI. */
class LandlockRightsTest {
    @Test
    void rightsGrowWithTheAbi() {
        assertThat(Landlock.handledAccess(0)).isZero();
        assertThat(Landlock.handledAccess(1)).isEqualTo(0x1FFFL);
        assertThat(Landlock.handledAccess(2)).isEqualTo(0x1FFFL | Landlock.REFER);
        assertThat(Landlock.handledAccess(3)).isEqualTo(0x7FFFL);
        assertThat(Landlock.handledAccess(4)).isEqualTo(0x7FFFL);
        assertThat(Landlock.handledAccess(5)).isEqualTo(0xFFFFL);
        assertThat(Landlock.handledAccess(7)).isEqualTo(0xFFFFL);
    }

    @Test
    void readOnlyAndFileRightsAreSubsets() {
        assertThat(Landlock.READ_ONLY & ~Landlock.handledAccess(1)).isZero();
        assertThat(Landlock.FILE_RIGHTS & ~Landlock.handledAccess(5)).isZero();
        assertThat(Landlock.READ_ONLY).isEqualTo(Landlock.EXECUTE | Landlock.READ_FILE | Landlock.READ_DIR);
    }

    @Test
    void unavailableReasonsSayWhatToDo() {
        assertThat(Landlock.unavailableReason(-Errno.ENOSYS))
                .contains("no Landlock")
                .contains("5.13");
        assertThat(Landlock.unavailableReason(-Errno.EOPNOTSUPP)).contains("lsm=");
        assertThat(Landlock.unavailableReason(-Errno.EPERM)).contains("Operation not permitted");
    }
}
