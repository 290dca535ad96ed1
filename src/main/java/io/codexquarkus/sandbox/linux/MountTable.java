package io.codexquarkus.sandbox.linux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * This process's mounts as {@code /proc/self/mountinfo} lists them, byte for byte: each mount point (octal escapes
 * decoded) with its per-mount flags in {@code mount(2)} form. The helper remounts from this list, and in a user
 * namespace the kernel refuses a remount that changes a flag it locked ({@code nosuid}, {@code nodev},
 * {@code noexec}, the atime mode), so every remount repeats them.
 */
final class MountTable {
    static final long MS_RDONLY = 1;
    static final long MS_NOSUID = 2;
    static final long MS_NODEV = 4;
    static final long MS_NOEXEC = 8;
    static final long MS_REMOUNT = 32;
    static final long MS_NOATIME = 1024;
    static final long MS_NODIRATIME = 2048;
    static final long MS_BIND = 4096;
    static final long MS_REC = 16384;
    static final long MS_PRIVATE = 1L << 18;
    static final long MS_RELATIME = 1L << 21;
    static final long MS_STRICTATIME = 1L << 24;

    /** The flags a bind remount must repeat: all but {@code MS_RDONLY}, which is what the helper changes. */
    static final long KEPT_FLAGS =
            MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME;

    /** One mount: where it is and its per-mount flags ({@link #MS_RDONLY} and {@link #KEPT_FLAGS} bits). */
    // paths are raw bytes (not every path is UTF-8); nothing compares these records, only their paths
    @SuppressWarnings("ArrayRecordComponent")
    record Mount(byte[] mountPoint, long flags) {
        boolean readOnly() {
            return (flags & MS_RDONLY) != 0;
        }

        long keptFlags() {
            return flags & KEPT_FLAGS;
        }
    }

    private MountTable() {}

    /** The mounts in {@code mountinfo}, in its order (parents before the mounts on top of them). */
    static List<Mount> parse(byte[] mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        int start = 0;
        while (start < mountinfo.length) {
            int end = indexOf(mountinfo, (byte) '\n', start);
            if (end < 0) {
                end = mountinfo.length;
            }
            Mount mount = line(mountinfo, start, end);
            if (mount != null) {
                mounts.add(mount);
            }
            start = end + 1;
        }
        return mounts;
    }

    /** Fields: id, parent, major:minor, root, mount point, per-mount options, … */
    private static Mount line(byte[] text, int start, int end) {
        int[] bounds = new int[12];
        int fields = 0;
        int i = start;
        while (i < end && fields < 6) {
            int fieldEnd = indexOf(text, (byte) ' ', i);
            if (fieldEnd < 0 || fieldEnd > end) {
                fieldEnd = end;
            }
            bounds[2 * fields] = i;
            bounds[2 * fields + 1] = fieldEnd;
            fields++;
            i = fieldEnd + 1;
        }
        if (fields < 6) {
            return null;
        }
        byte[] mountPoint = unescape(text, bounds[8], bounds[9]);
        long flags = options(text, bounds[10], bounds[11]);
        return new Mount(mountPoint, flags);
    }

    /** {@code rw,nosuid,nodev,relatime} → flags; no atime keyword means strictatime. */
    static long options(byte[] text, int start, int end) {
        long flags = 0;
        boolean atimeGiven = false;
        int i = start;
        while (i < end) {
            int optionEnd = indexOf(text, (byte) ',', i);
            if (optionEnd < 0 || optionEnd > end) {
                optionEnd = end;
            }
            String option = new String(text, i, optionEnd - i, StandardCharsets.US_ASCII);
            switch (option) {
                case "ro" -> flags |= MS_RDONLY;
                case "nosuid" -> flags |= MS_NOSUID;
                case "nodev" -> flags |= MS_NODEV;
                case "noexec" -> flags |= MS_NOEXEC;
                case "noatime" -> {
                    flags |= MS_NOATIME;
                    atimeGiven = true;
                }
                case "relatime" -> {
                    flags |= MS_RELATIME;
                    atimeGiven = true;
                }
                case "nodiratime" -> flags |= MS_NODIRATIME;
                default -> {
                    // rw and others: nothing to repeat
                }
            }
            i = optionEnd + 1;
        }
        return atimeGiven ? flags : flags | MS_STRICTATIME;
    }

    /** The kernel escapes space, tab, newline and backslash in paths as {@code \ooo}. */
    static byte[] unescape(byte[] text, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte b = text[i];
            if (b == '\\' && i + 3 < end && octal(text, i + 1) && octal(text, i + 2) && octal(text, i + 3)) {
                out.write(((text[i + 1] - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0'));
                i += 3;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static boolean octal(byte[] text, int i) {
        return i < text.length && text[i] >= '0' && text[i] <= '7';
    }

    /**
     * The mount {@code path} (absolute, canonical) lies on: the last listed mount whose mount point is {@code path}
     * or one of its parents. {@code null} only for an empty table.
     */
    static Mount containing(List<Mount> mounts, byte[] path) {
        Mount best = null;
        int bestLength = -1;
        for (Mount mount : mounts) {
            byte[] point = mount.mountPoint();
            if (isSameOrBelow(path, point) && point.length >= bestLength) {
                best = mount;
                bestLength = point.length;
            }
        }
        return best;
    }

    /** Whether {@code path} is {@code dir} or inside it (both absolute and canonical). */
    static boolean isSameOrBelow(byte[] path, byte[] dir) {
        if (dir.length == 1 && dir[0] == '/') {
            return path.length > 0 && path[0] == '/';
        }
        if (!RawProcess.startsWith(path, dir)) {
            return false;
        }
        return path.length == dir.length || path[dir.length] == '/';
    }

    static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
