package io.codexquarkus.tools.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads an image file for the model: a regular file of at most {@link #MAX_BYTES}, whose first bytes say PNG, JPEG,
 * GIF or WebP (the formats the Responses API takes as {@code input_image}). The type comes from those bytes, never
 * from the file name. Says nothing about whether the file may be read; the caller decides that first.
 */
public final class ImageFile {
    /** 20 MiB: the largest image the OpenAI API takes as one input image. */
    public static final long MAX_BYTES = 20L * 1024 * 1024;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] GIF87 = {'G', 'I', 'F', '8', '7', 'a'};
    private static final byte[] GIF89 = {'G', 'I', 'F', '8', '9', 'a'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};

    /** What reading an image gave: the image, or why there is none (a sentence for the model). */
    public sealed interface Result {
        record Loaded(String mimeType, long size, String dataUrl) implements Result {}

        record Refused(String message) implements Result {}
    }

    private ImageFile() {}

    /** Reads {@code path} (absolute) as an image. */
    public static Result load(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return refused("unable to locate image at `" + path + "`: no such file");
        } catch (IOException e) {
            return refused("unable to locate image at `" + path + "`: " + e.getMessage());
        }
        if (attributes.isDirectory()) {
            return refused("image path `" + path + "` is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            return refused("image path `" + path + "` is not a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            return refused("image at `" + path + "` is too large: " + attributes.size() + " bytes, the limit is "
                    + MAX_BYTES + " bytes (20 MiB)");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            // one more byte than allowed tells a file that grew since it was measured
            bytes = in.readNBytes(Math.toIntExact(MAX_BYTES + 1));
        } catch (IOException e) {
            return refused("unable to read image at `" + path + "`: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            return refused("image at `" + path + "` is too large: the limit is " + MAX_BYTES + " bytes (20 MiB)");
        }
        Optional<String> mime = mimeType(bytes);
        if (mime.isEmpty()) {
            return refused("`" + path + "` is not a PNG, JPEG, GIF or WebP image");
        }
        String dataUrl = "data:" + mime.get() + ";base64," + Base64.getEncoder().encodeToString(bytes);
        return new Result.Loaded(mime.get(), bytes.length, dataUrl);
    }

    /** The MIME type the first bytes announce, if they are one of the four formats. */
    public static Optional<String> mimeType(byte[] head) {
        if (startsWith(head, 0, PNG)) {
            return Optional.of("image/png");
        }
        if (startsWith(head, 0, JPEG)) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(head, 0, GIF87) || startsWith(head, 0, GIF89)) {
            return Optional.of("image/gif");
        }
        if (startsWith(head, 0, RIFF) && startsWith(head, 8, WEBP)) {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static Result refused(String message) {
        return new Result.Refused(message);
    }
}
