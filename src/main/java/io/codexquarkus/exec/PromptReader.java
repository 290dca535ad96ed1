package io.codexquarkus.exec;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where the prompt of {@code exec} comes from: the argument; or stdin when the argument is {@code -} or absent and
 * stdin is not a terminal. Stdin is never read when a prompt was given, and an open stdin that stays silent ends the
 * wait after {@code firstByteTimeout} instead of hanging a CI job (upstream issues #20919, #27019).
 */
public final class PromptReader {
    private PromptReader() {}

    public static String resolve(
            Optional<String> argument, InputStream stdin, PrintWriter err, Duration firstByteTimeout) {
        if (argument.isPresent() && !argument.get().equals("-")) {
            return argument.get();
        }
        boolean forced = argument.isPresent();
        if (!forced && stdinIsTerminal()) {
            throw new CodexException(
                    ExitCode.USAGE,
                    "No prompt provided. Either specify one as an argument or pipe the prompt into stdin.");
        }
        if (!forced) {
            err.println("Reading prompt from stdin...");
            err.flush();
        }
        String text = readAll(stdin, firstByteTimeout);
        if (text.isBlank()) {
            throw new CodexException(ExitCode.USAGE, "No prompt provided via stdin.");
        }
        return text;
    }

    private static String readAll(InputStream stdin, Duration firstByteTimeout) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return stdin.read();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                command -> Thread.ofVirtual().start(command));
        try {
            int b = first.get(firstByteTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (b < 0) {
                return "";
            }
            bytes.write(b);
            stdin.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            throw new CodexException(
                    ExitCode.USAGE,
                    "No prompt provided via stdin (nothing arrived within " + firstByteTimeout.toSeconds()
                            + " s; pass the prompt as an argument or close stdin).");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CodexException.failure("interrupted while reading the prompt from stdin");
        } catch (ExecutionException | IOException | UncheckedIOException e) {
            throw CodexException.failure("Failed to read prompt from stdin: " + e.getMessage());
        }
    }

    /** Whether fd 0 is a terminal (Linux: /proc; elsewhere: the JVM's console). */
    public static boolean stdinIsTerminal() {
        Path fd0 = Path.of("/proc/self/fd/0");
        if (Files.exists(fd0, LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd0).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return consoleIsTerminal();
    }

    /** Whether fd {@code fd} (1 stdout, 2 stderr) is a terminal. */
    public static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return consoleIsTerminal();
    }

    private static boolean consoleIsTerminal() {
        Console console = System.console();
        return console.isTerminal();
    }
}
