package io.codexquarkus.sandbox.linux;

import static io.codexquarkus.sandbox.linux.MountTable.MS_BIND;
import static io.codexquarkus.sandbox.linux.MountTable.MS_NODEV;
import static io.codexquarkus.sandbox.linux.MountTable.MS_NOSUID;
import static io.codexquarkus.sandbox.linux.MountTable.MS_PRIVATE;
import static io.codexquarkus.sandbox.linux.MountTable.MS_RDONLY;
import static io.codexquarkus.sandbox.linux.MountTable.MS_REC;
import static io.codexquarkus.sandbox.linux.MountTable.MS_RELATIME;
import static io.codexquarkus.sandbox.linux.MountTable.MS_REMOUNT;
import static io.codexquarkus.sandbox.linux.MountTable.MS_STRICTATIME;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mount table parser and the mount plan of the read-only view, as data. */
class FileSystemViewTest {
    private static final String MOUNTINFO = """
            26 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            21 26 0:20 / /proc rw,relatime - proc proc rw
            23 26 0:6 / /dev rw,nosuid,relatime - devtmpfs devtmpfs rw
            24 23 0:22 / /dev/shm rw,nosuid,nodev - tmpfs tmpfs rw
            27 26 0:24 / /mnt/tools ro,nosuid,nodev,relatime - tmpfs tools ro
            30 26 0:30 / /home/me/my\\040work rw,relatime - ext4 /dev/vdb rw
            31 30 0:31 / /home/me/my\\040work/cache rw,noatime - tmpfs t rw
            """;

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void parsesMountPointsAndTheFlagsARemountMustRepeat() {
        List<MountTable.Mount> mounts = MountTable.parse(b(MOUNTINFO));
        assertThat(mounts)
                .extracting(m -> s(m.mountPoint()))
                .containsExactly(
                        "/", "/proc", "/dev", "/dev/shm", "/mnt/tools", "/home/me/my work", "/home/me/my work/cache");
        assertThat(mounts.get(0).flags()).isEqualTo(MS_RELATIME);
        assertThat(mounts.get(2).keptFlags()).isEqualTo(MS_NOSUID | MS_RELATIME);
        // no atime keyword: the kernel default strictatime must be repeated explicitly
        assertThat(mounts.get(3).keptFlags()).isEqualTo(MS_NOSUID | MS_NODEV | MS_STRICTATIME);
        assertThat(mounts.get(4).readOnly()).isTrue();
        assertThat(MountTable.parse(b("garbage\n\n12 1\n"))).isEmpty();
    }

    @Test
    void findsTheMountAPathLiesOn() {
        List<MountTable.Mount> mounts = MountTable.parse(b(MOUNTINFO));
        assertThat(s(MountTable.containing(mounts, b("/home/me/my work/src")).mountPoint()))
                .isEqualTo("/home/me/my work");
        assertThat(s(MountTable.containing(mounts, b("/home/me/my workshop")).mountPoint()))
                .isEqualTo("/");
        assertThat(s(MountTable.containing(mounts, b("/dev/shm/x")).mountPoint()))
                .isEqualTo("/dev/shm");
        assertThat(MountTable.isSameOrBelow(b("/a/bc"), b("/a/b"))).isFalse();
        assertThat(MountTable.isSameOrBelow(b("/a/b/c"), b("/a/b"))).isTrue();
        assertThat(MountTable.isSameOrBelow(b("/a"), b("/"))).isTrue();
    }

    @Test
    void everythingReadOnlyThenTheWritableRootsBackThenTheProtectedPathsReadOnly() {
        List<FileSystemView.MountOp> ops = FileSystemView.plan(
                MountTable.parse(b(MOUNTINFO)),
                List.of(b("/home/me/my work"), b("/mnt/tools/x")),
                List.of(b("/home/me/my work/.git"), b("/elsewhere/.git")));
        assertThat(ops)
                .extracting(op -> s(op.target()) + " " + op.flags() + " " + op.required())
                .containsExactly(
                        "/ " + (MS_REC | MS_PRIVATE) + " true",
                        "/ " + (MS_REMOUNT | MS_BIND | MS_RDONLY | MS_RELATIME) + " true",
                        "/proc " + (MS_REMOUNT | MS_BIND | MS_RDONLY | MS_RELATIME) + " false",
                        "/dev " + (MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_RELATIME) + " false",
                        "/dev/shm " + (MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_STRICTATIME)
                                + " false",
                        "/home/me/my work " + (MS_REMOUNT | MS_BIND | MS_RDONLY | MS_RELATIME) + " false",
                        "/home/me/my work/cache " + (MS_REMOUNT | MS_BIND | MS_RDONLY | 1024L) + " false",
                        // the writable root: bound (with what is mounted under it) and writable again
                        "/home/me/my work " + (MS_BIND | MS_REC) + " true",
                        "/home/me/my work " + (MS_REMOUNT | MS_BIND | MS_RELATIME) + " true",
                        "/home/me/my work/cache " + (MS_REMOUNT | MS_BIND | 1024L) + " false",
                        // .git under it: read-only again; a protected path outside every root needs nothing
                        "/home/me/my work/.git " + MS_BIND + " true",
                        "/home/me/my work/.git " + (MS_REMOUNT | MS_BIND | MS_RDONLY | MS_RELATIME) + " true");
        // a root on a read-only file system (/mnt/tools) stays read-only: nothing is given back
        assertThat(ops).noneMatch(op -> s(op.target()).startsWith("/mnt/tools"));
        assertThat(ops.get(7).source()).isEqualTo(b("/home/me/my work"));
        assertThat(ops.get(1).source()).isNull();
    }

    @Test
    void nestedRootsAreEachBoundOnce() {
        List<FileSystemView.MountOp> ops = FileSystemView.plan(
                MountTable.parse(b("26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n")),
                List.of(b("/w/inner"), b("/w"), b("/w")),
                List.of());
        assertThat(ops)
                .extracting(op -> s(op.target()) + " " + ((op.flags() & MS_REMOUNT) != 0))
                .containsExactly("/ false", "/ true", "/w false", "/w true", "/w/inner false", "/w/inner true");
    }

    @Test
    void gitFilesPointToTheRepositoryElsewhere() {
        byte[] dir = b("/work/wt");
        assertThat(s(SandboxSetup.gitdirTarget(b("gitdir: /repo/.git/worktrees/wt\n"), dir)))
                .isEqualTo("/repo/.git/worktrees/wt");
        assertThat(s(SandboxSetup.gitdirTarget(b("gitdir:../main/.git/modules/x \r\n"), dir)))
                .isEqualTo("/work/wt/../main/.git/modules/x");
        assertThat(SandboxSetup.gitdirTarget(b("ref: refs/heads/main\n"), dir)).isNull();
        assertThat(SandboxSetup.gitdirTarget(b("gitdir: \n"), dir)).isNull();
        assertThat(SandboxSetup.gitdirTarget(null, dir)).isNull();
    }

    @Test
    void theLastCapabilityComesFromTheKernel() {
        assertThat(Privileges.parseLastCap(b("40\n"))).isEqualTo(40);
        assertThat(Privileges.parseLastCap(b("63"))).isEqualTo(63);
        assertThat(Privileges.parseLastCap(null)).isEqualTo(40);
        assertThat(Privileges.parseLastCap(b("x"))).isEqualTo(40);
        assertThat(Privileges.parseLastCap(b("99"))).isEqualTo(40);
    }
}
