package io.codexquarkus.tools.applypatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads files as strict UTF-8 (as Rust's {@code read_to_string}) and writes them atomically: the bytes go to a
 * temporary file next to the target, are forced to disk and renamed over it, so a reader (or a crash) sees the old
 * content or the new one, never half a file. Unlike a plain temp file, the result keeps the target's permissions and a
 * new file gets the process's default mode (umask).
 *
 * <p>Writes and removals take a real location ({@link PatchPaths}) and never follow a symlink at it: the temporary
 * file is created exclusively ({@code O_EXCL} refuses a link) and {@code rename(2)} and {@code unlink(2)} replace or
 * remove the entry itself, so a link swapped in after the location was checked is replaced, not written through. The
 * directory is checked to still be its own real location just before, which leaves only a window of microseconds for
 * a swapped directory.
 */
final class TextFiles {
    private TextFiles() {}

    static String read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        CharBuffer chars = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
        return chars.toString();
    }

    /** Replaces (or creates) the file at {@code destination}, a real location, without following a link there. */
    static void writeAtomically(Path destination, String content) throws IOException {
        Path dir = checkedDirectory(destination);
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path temp = dir.resolve("." + destination.getFileName() + "." + suffix + ".tmp");
        if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(destination.toString(), null, "Is a directory");
        }
        try {
            // no file attributes: the mode is 0666 minus the umask, like any new file
            try (FileChannel channel =
                    FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            copyPermissions(destination, temp);
            try {
                Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Removes the entry at {@code path}, a real location: a symlink there is removed itself, not its target. */
    static void delete(Path path) throws IOException {
        checkedDirectory(path);
        Files.delete(path);
    }

    /** The directory of {@code path}, after checking that it still is its own real location (no symlink on the way). */
    private static Path checkedDirectory(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null) {
            throw new FileSystemException(path.toString(), null, "Is a directory");
        }
        if (!dir.toRealPath().equals(dir)) {
            throw new FileSystemException(path.toString(), null, "directory changed since the path was checked");
        }
        return dir;
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        PosixFileAttributeView source =
                Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (source != null && target != null) {
            target.setPermissions(source.readAttributes().permissions());
        }
    }
}
