package io.codexquarkus.tools.applypatch;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Describes an I/O failure the way Rust's {@code std::io::Error} displays it on Linux ({@code No such file or directory
 * (os error 2)}), because upstream's messages embed that text and models have seen it.
 */
final class IoErrors {
    private IoErrors() {}

    static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> "No such file or directory (os error 2)";
            case AccessDeniedException a -> "Permission denied (os error 13)";
            case NotDirectoryException n -> "Not a directory (os error 20)";
            case FileAlreadyExistsException f -> "File exists (os error 17)";
            case DirectoryNotEmptyException d -> "Directory not empty (os error 39)";
            case FileSystemLoopException l -> "Too many levels of symbolic links (os error 40)";
            case CharacterCodingException c -> "stream did not contain valid UTF-8";
            case FileSystemException f when f.getReason() != null -> fromReason(f.getReason());
            // reading a directory fails with a plain IOException whose message is the OS reason
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : fromReason(e.getMessage());
        };
    }

    private static String fromReason(String reason) {
        return switch (reason.toLowerCase(Locale.ROOT)) {
            case "is a directory" -> "Is a directory (os error 21)";
            case "read-only file system" -> "Read-only file system (os error 30)";
            case "operation not permitted" -> "Operation not permitted (os error 1)";
            case "no space left on device" -> "No space left on device (os error 28)";
            case "file name too long" -> "File name too long (os error 36)";
            default -> reason;
        };
    }
}
