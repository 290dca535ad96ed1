package io.codexquarkus.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who runs a part of the escape suite: the user running the tests (root in CI), or uid 65534 through {@code setpriv}
 * when the tests run as root. Files the user must own (its workspace, the outside files it could otherwise change)
 * are handed to it with {@link #own}, so that without the sandbox every case would succeed for that user too.
 */
record EscapeUser(String label, int uid, int gid, List<String> prefix) {
    static final int NOBODY = 65534;

    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EscapeUser current() {
        try {
            int uid = currentUid();
            int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            return new EscapeUser(uid == 0 ? "root" : "uid " + uid, uid, gid, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EscapeUser nobody() {
        return new EscapeUser(
                "uid " + NOBODY,
                NOBODY,
                NOBODY,
                List.of(
                        "setpriv",
                        "--reuid",
                        String.valueOf(NOBODY),
                        "--regid",
                        String.valueOf(NOBODY),
                        "--clear-groups",
                        "--"));
    }

    List<String> wrap(List<String> command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        return full;
    }

    /** Whether {@code command} succeeds as this user (a precondition check, not part of any case). */
    boolean can(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(wrap(command));
        return Processes.run(builder).exitCode() == 0;
    }

    /** Makes this user the owner of {@code paths} (a no-op for the invoking user). */
    void own(Path... paths) throws IOException {
        if (prefix.isEmpty()) {
            return;
        }
        for (Path path : paths) {
            Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
    }
}
