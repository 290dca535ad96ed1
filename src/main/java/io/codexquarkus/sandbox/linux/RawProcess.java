package io.codexquarkus.sandbox.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This process's arguments and environment as the kernel holds them (from {@code /proc/self}), byte for byte. The
 * JVM decodes both with the locale's charset, which under {@code LANG=C} turns every non-ASCII byte into {@code ?};
 * the helper must hand the command exactly what it was given.
 */
final class RawProcess {
    private RawProcess() {}

    /**
     * The program arguments: the last {@code javaArgs.length} entries of {@code /proc/self/cmdline} (program
     * arguments always come last on a {@code java} command line), or {@code javaArgs} in UTF-8 when the two do not
     * line up (e.g. an {@code @argfile} launch).
     */
    static List<byte[]> arguments(String[] javaArgs) {
        List<byte[]> cmdline = commandLine();
        if (cmdline != null && cmdline.size() >= javaArgs.length) {
            List<byte[]> tail = cmdline.subList(cmdline.size() - javaArgs.length, cmdline.size());
            if (agrees(tail, javaArgs)) {
                return new ArrayList<>(tail);
            }
        }
        List<byte[]> fallback = new ArrayList<>(javaArgs.length);
        for (String arg : javaArgs) {
            fallback.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        return fallback;
    }

    /** The whole {@code argv} of this process, or {@code null} when {@code /proc} cannot be read. */
    static List<byte[]> commandLine() {
        return split(read("/proc/self/cmdline"));
    }

    /** {@code NAME=value} entries of the environment this process was started with. */
    static List<byte[]> environment() {
        List<byte[]> environ = split(read("/proc/self/environ"));
        if (environ != null) {
            return environ;
        }
        List<byte[]> fallback = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            fallback.add((e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        return fallback;
    }

    /** The value of {@code name} in {@code env}, or {@code null}. */
    static byte[] lookup(List<byte[]> env, String name) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        for (byte[] entry : env) {
            if (entry.length > key.length && entry[key.length] == '=' && startsWith(entry, key)) {
                byte[] value = new byte[entry.length - key.length - 1];
                System.arraycopy(entry, key.length + 1, value, 0, value.length);
                return value;
            }
        }
        return null;
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Entries that are plain ASCII must decode to the same Java string; others cannot be compared, as the JVM may
     * have decoded them with another charset.
     */
    private static boolean agrees(List<byte[]> raw, String[] javaArgs) {
        for (int i = 0; i < javaArgs.length; i++) {
            byte[] bytes = raw.get(i);
            boolean ascii = true;
            for (int c = 0; c < bytes.length && ascii; c++) {
                ascii = bytes[c] >= 0;
            }
            if (ascii && !javaArgs[i].equals(new String(bytes, StandardCharsets.US_ASCII))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] read(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** NUL-separated (and NUL-terminated) entries. */
    private static List<byte[]> split(byte[] block) {
        if (block == null) {
            return null;
        }
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < block.length; i++) {
            if (block[i] == 0) {
                byte[] entry = new byte[i - start];
                System.arraycopy(block, start, entry, 0, entry.length);
                entries.add(entry);
                start = i + 1;
            }
        }
        if (start < block.length) {
            byte[] entry = new byte[block.length - start];
            System.arraycopy(block, start, entry, 0, entry.length);
            entries.add(entry);
        }
        return entries;
    }
}
