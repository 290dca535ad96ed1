package io.codexquarkus.sandbox;

import io.codexquarkus.testing.Launcher;
import java.io.File;

/** Runs a process for a test: stdin from /dev/null, stdout and stderr captured, a timeout, always reaped. */
final class Processes {
    private Processes() {}

    static Launcher.Result run(ProcessBuilder builder) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return Launcher.run(builder, null);
    }
}
