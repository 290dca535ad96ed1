package io.codexquarkus.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** File writes that never leave a half-written file behind. */
public final class Files2 {
    private Files2() {}

    /**
     * Writes {@code content} to a temporary file next to {@code target}, forces it to disk and renames it over the
     * target, so readers see the old content or the new one, never a mix.
     *
     * @param permissions e.g. {@code "rw-------"} for secrets; {@code null} keeps the default mode
     */
    public static void writeAtomically(Path target, byte[] content, String permissions) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = permissions == null
                    ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp")
                    : Files.createTempFile(dir, "." + target.getFileName(), ".tmp", posix(permissions));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw CodexException.failure("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the temp file is hidden and harmless
                }
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> posix(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
