package io.codexquarkus.sandbox.linux;

import static io.codexquarkus.sandbox.linux.MountTable.MS_BIND;
import static io.codexquarkus.sandbox.linux.MountTable.MS_PRIVATE;
import static io.codexquarkus.sandbox.linux.MountTable.MS_RDONLY;
import static io.codexquarkus.sandbox.linux.MountTable.MS_REC;
import static io.codexquarkus.sandbox.linux.MountTable.MS_REMOUNT;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The read-only view of the file system a sandboxed command gets, in its own mount namespace: every mount remounted
 * read-only (which stops every kind of write, metadata included: {@code chmod}, {@code chown}, {@code utime}, extended
 * attributes), each writable root bound onto itself and made writable again, and the protected paths under the
 * writable roots ({@code .git}, the directory a {@code .git} file points to, {@code .codex}) bound onto themselves
 * read-only — bubblewrap's {@code --ro-bind / /}, {@code --bind}, {@code --ro-bind} sequence, done in place. Mount
 * points cannot be renamed or removed, so a protected path cannot be moved aside either.
 *
 * <p>{@link #plan} is pure data (tested as such); {@link #compile} turns it into native strings ahead of time, and
 * {@link #apply} then makes only system calls, so that it may run in a forked child.
 */
final class FileSystemView {
    /**
     * One {@code mount(2)} call.
     *
     * @param source {@code null} for a remount
     * @param required whether the sandbox is unsound without it (otherwise a failure is reported as a warning)
     */
    // paths are raw bytes (not every path is UTF-8); nothing compares these records, only their paths
    @SuppressWarnings("ArrayRecordComponent")
    record MountOp(byte[] source, byte[] target, long flags, boolean required, String description) {}

    /** Told about a remount that failed but is not required. */
    interface Warnings {
        void mountFailed(int index, int errno);
    }

    private final List<MountOp> ops;
    private final long[] sources;
    private final long[] targets;
    private final long[] flags;
    private final boolean[] required;
    private long workingDirectory;

    private FileSystemView(List<MountOp> ops, long[] sources, long[] targets, long[] flags, boolean[] required) {
        this.ops = List.copyOf(ops);
        this.sources = sources;
        this.targets = targets;
        this.flags = flags;
        this.required = required;
    }

    /**
     * The mount calls for this view.
     *
     * @param mounts the mount table before anything changed
     * @param writableRoots canonical paths of the writable roots that exist
     * @param protectedPaths canonical paths that stay read-only although a writable root holds them
     */
    static List<MountOp> plan(List<MountTable.Mount> mounts, List<byte[]> writableRoots, List<byte[]> protectedPaths) {
        List<MountOp> ops = new ArrayList<>();
        // nothing done here may reach the parent namespace, and nothing mounted there later may appear writable here
        ops.add(new MountOp(null, bytes("/"), MS_REC | MS_PRIVATE, true, "make every mount private"));
        List<byte[]> remounted = new ArrayList<>();
        for (MountTable.Mount mount : mounts) {
            if (mount.readOnly() || contains(remounted, mount.mountPoint())) {
                continue;
            }
            remounted.add(mount.mountPoint());
            boolean root = Arrays.equals(mount.mountPoint(), bytes("/"));
            ops.add(new MountOp(
                    null,
                    mount.mountPoint(),
                    MS_REMOUNT | MS_BIND | MS_RDONLY | mount.keptFlags(),
                    root,
                    "make " + text(mount.mountPoint()) + " read-only"));
        }
        List<byte[]> roots = new ArrayList<>(writableRoots);
        roots.sort(Comparator.comparingInt(r -> r.length));
        List<byte[]> bound = new ArrayList<>();
        for (byte[] root : roots) {
            MountTable.Mount under = MountTable.containing(mounts, root);
            if (contains(bound, root) || under == null || under.readOnly()) {
                continue; // a read-only file system stays so: nothing to give back
            }
            bound.add(root);
            ops.add(new MountOp(root, root, MS_BIND | MS_REC, true, "bind the writable root " + text(root)));
            ops.add(new MountOp(
                    null,
                    root,
                    MS_REMOUNT | MS_BIND | under.keptFlags(),
                    true,
                    "make the writable root " + text(root) + " writable"));
            for (MountTable.Mount inner : mounts) {
                byte[] point = inner.mountPoint();
                if (!inner.readOnly() && point.length > root.length && MountTable.isSameOrBelow(point, root)) {
                    ops.add(new MountOp(
                            null,
                            point,
                            MS_REMOUNT | MS_BIND | inner.keptFlags(),
                            false,
                            "make " + text(point) + " (under a writable root) writable"));
                }
            }
        }
        for (byte[] path : protectedPaths) {
            if (!insideAny(path, bound)) {
                continue; // already read-only with everything else
            }
            MountTable.Mount under = MountTable.containing(mounts, path);
            long kept = under == null ? 0 : under.keptFlags();
            ops.add(new MountOp(path, path, MS_BIND, true, "bind the protected path " + text(path)));
            ops.add(new MountOp(
                    null,
                    path,
                    MS_REMOUNT | MS_BIND | MS_RDONLY | kept,
                    true,
                    "make the protected path " + text(path) + " read-only"));
        }
        return ops;
    }

    /** Native copies of every path, made before any namespace is entered. */
    static FileSystemView compile(Syscalls sys, List<MountOp> ops) {
        long[] sources = new long[ops.size()];
        long[] targets = new long[ops.size()];
        long[] flags = new long[ops.size()];
        boolean[] required = new boolean[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            MountOp op = ops.get(i);
            MemorySegment target = sys.cString(op.target());
            sources[i] = op.source() == null ? 0 : sys.cString(op.source()).address();
            targets[i] = target.address();
            flags[i] = op.flags();
            required[i] = op.required();
        }
        return new FileSystemView(ops, sources, targets, flags, required);
    }

    /**
     * The directory to enter again once the mounts are made: a working directory under a writable root still points
     * into the read-only mount beneath the new bind mount until it is looked up again.
     */
    void returnTo(Syscalls sys, byte[] directory) {
        workingDirectory = directory == null ? 0 : sys.cString(directory).address();
    }

    /**
     * Makes the calls in order, in the calling thread's (new) mount namespace, then re-enters the working directory.
     *
     * @return -1 when all required calls worked, else the index of the one that failed ({@code sys.errno()} says
     *     why)
     */
    int apply(Syscalls sys, Warnings warnings) {
        int mount = sys.arch.proc().mount();
        for (int i = 0; i < targets.length; i++) {
            if (sys.call(mount, sources[i], targets[i], 0, flags[i], 0, 0) < 0) {
                if (required[i]) {
                    return i;
                }
                warnings.mountFailed(i, sys.errno());
            }
        }
        if (workingDirectory != 0 && sys.call(sys.arch.proc().chdir(), workingDirectory, 0, 0) < 0) {
            return targets.length;
        }
        return -1;
    }

    /** What call {@code index} does, for messages. */
    String describe(int index) {
        if (index == ops.size()) {
            return "re-enter the working directory";
        }
        return index >= 0 && index < ops.size() ? ops.get(index).description() : "mount call " + index;
    }

    int size() {
        return ops.size();
    }

    private static boolean insideAny(byte[] path, List<byte[]> dirs) {
        for (byte[] dir : dirs) {
            if (MountTable.isSameOrBelow(path, dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(List<byte[]> list, byte[] value) {
        for (byte[] entry : list) {
            if (Arrays.equals(entry, value)) {
                return true;
            }
        }
        return false;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] path) {
        return new String(path, StandardCharsets.UTF_8);
    }
}
