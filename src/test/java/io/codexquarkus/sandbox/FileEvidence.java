package io.codexquarkus.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a file outside the sandbox looks like from outside: whether it exists, its bytes, mode, owner, times and user
 * extended attributes. Two snapshots taken before and after a sandboxed command must be equal; ctime is part of it
 * because every successful metadata call (even a chown to the same owner) moves it.
 */
record FileEvidence(
        boolean exists,
        String content,
        int mode,
        int uid,
        int gid,
        FileTime mtime,
        FileTime ctime,
        Map<String, String> xattrs) {

    static FileEvidence of(Path file) {
        try {
            Map<String, Object> unix =
                    Files.readAttributes(file, "unix:mode,uid,gid,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
            return new FileEvidence(
                    true,
                    Files.readString(file, StandardCharsets.UTF_8),
                    (Integer) unix.get("mode") & 07777,
                    (Integer) unix.get("uid"),
                    (Integer) unix.get("gid"),
                    (FileTime) unix.get("lastModifiedTime"),
                    (FileTime) unix.get("ctime"),
                    xattrs(file));
        } catch (NoSuchFileException e) {
            return new FileEvidence(false, null, 0, -1, -1, null, null, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> xattrs(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        Map<String, String> values = new TreeMap<>();
        for (String name : view.list()) {
            ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
            view.read(name, buffer);
            buffer.flip();
            values.put(name, StandardCharsets.UTF_8.decode(buffer).toString());
        }
        return values;
    }

    static void setXattr(Path file, String name, String value) throws IOException {
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write(name, StandardCharsets.UTF_8.encode(value));
    }
}
