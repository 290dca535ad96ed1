package io.codexquarkus.auth.login;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Opens a URL in the user's browser when there is one: {@code open} on macOS, {@code xdg-open} on other Unix systems
 * with a graphical session ({@code DISPLAY} or {@code WAYLAND_DISPLAY}). Headless machines get nothing started, so
 * the login never waits on a launcher that cannot work.
 */
public final class BrowserLauncher {
    private static final Logger LOG = Logger.getLogger(BrowserLauncher.class);
    private static final long LAUNCH_WAIT_SECONDS = 5;

    private BrowserLauncher() {}

    /** The launcher command for this host, if a browser can be opened at all. */
    public static Optional<List<String>> command(String url, String osName, Map<String, String> env) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("darwin")) {
            return onPath("open", env).map(open -> List.of(open.toString(), url));
        }
        if (os.contains("win")) {
            return Optional.empty();
        }
        if (isBlank(env.get("DISPLAY")) && isBlank(env.get("WAYLAND_DISPLAY"))) {
            return Optional.empty();
        }
        return onPath("xdg-open", env).map(xdg -> List.of(xdg.toString(), url));
    }

    /**
     * Starts the launcher, waits briefly for it to hand the URL over, and reports whether it looked successful. A
     * launcher that keeps running is left alone (it is often the browser itself).
     */
    public static boolean open(String url) {
        Optional<List<String>> command = command(url, System.getProperty("os.name", ""), System.getenv());
        if (command.isEmpty()) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(command.get())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.getOutputStream().close();
            if (process.waitFor(LAUNCH_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return process.exitValue() == 0;
            }
            return true;
        } catch (IOException e) {
            LOG.debugf("could not start %s: %s", command.get().getFirst(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Optional<Path> onPath(String program, Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator, -1)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
