package io.codexquarkus.tools.applypatch;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The apply_patch helper as a plain {@code main}, without Quarkus: {@code java -cp codex-quarkus-runner.jar
 * io.codexquarkus.tools.applypatch.ApplyPatchMain '<patch>'} (or the patch on stdin) applies the patch in the current
 * directory. Exit 0 with the summary on stdout, 1 with the error on stderr, 2 for a usage error. The agent runs patches
 * through it under the sandbox, so sandbox rules apply to patch writes.
 *
 * <p>Output is UTF-8 whatever the locale. Under a non-UTF-8 locale (an empty environment is the C locale) Java decodes
 * arguments lossily, so the patch argument is re-read from {@code /proc/self/cmdline}; file names outside ASCII still
 * need a UTF-8 locale ({@code LC_ALL=C.UTF-8}) and otherwise fail with a message saying so.
 */
public final class ApplyPatchMain {
    private static final String USAGE = "Usage: apply_patch 'PATCH'\n       echo 'PATCH' | apply_patch";

    private ApplyPatchMain() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), false, StandardCharsets.UTF_8);
        int code = run(rawArguments(args), System.in, out, err, Path.of("").toAbsolutePath());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The helper's behaviour with its streams and working directory passed in; returns the exit code. */
    public static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err, Path cwd) {
        if (args.size() > 1) {
            err.println("Error: apply_patch accepts exactly one PATCH argument.");
            return 2;
        }
        String patch;
        if (args.isEmpty()) {
            try {
                patch = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("Error: Failed to read PATCH from stdin.\n" + e.getMessage());
                return 1;
            }
            if (patch.isEmpty()) {
                err.println(USAGE);
                return 2;
            }
        } else {
            patch = args.getFirst();
        }
        PatchApplier.HelperResult result = PatchApplier.run(patch, cwd);
        out.print(result.stdout());
        err.print(result.stderr());
        return result.exitCode();
    }

    /**
     * The program arguments as UTF-8. Java decodes argv with the locale's charset, which turns every non-ASCII byte
     * into U+FFFD under the C locale; Linux keeps the raw bytes in {@code /proc/self/cmdline}, and the program
     * arguments are its last {@code args.length} entries. They are used only when decoding them the JVM's way gives
     * back exactly what the JVM passed (so an {@code @argfile} or an unusual launcher never mixes arguments up).
     */
    static List<String> rawArguments(String[] args) {
        String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (encoding.equalsIgnoreCase("UTF-8") || args.length == 0) {
            return List.of(args);
        }
        try {
            Charset jvmCharset = Charset.forName(encoding);
            List<byte[]> all = splitNul(Files.readAllBytes(Path.of("/proc/self/cmdline")));
            if (all.size() < args.length) {
                return List.of(args);
            }
            List<byte[]> raw = all.subList(all.size() - args.length, all.size());
            List<String> decoded = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (!new String(raw.get(i), jvmCharset).equals(args[i])) {
                    return List.of(args);
                }
                decoded.add(new String(raw.get(i), StandardCharsets.UTF_8));
            }
            return decoded;
        } catch (IOException | RuntimeException e) {
            // not Linux, /proc unavailable, or an unknown charset: keep what the JVM decoded
            return List.of(args);
        }
    }

    private static List<byte[]> splitNul(byte[] bytes) {
        List<byte[]> parts = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte b : bytes) {
            if (b == 0) {
                parts.add(current.toByteArray());
                current.reset();
            } else {
                current.write(b);
            }
        }
        if (current.size() > 0) {
            parts.add(current.toByteArray());
        }
        return parts;
    }
}
