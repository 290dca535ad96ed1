package io.codexquarkus.agent;

import io.codexquarkus.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Tells from a command's own {@code /proc/self/status} whether it ran inside the Linux sandbox: the helper installs a
 * seccomp filter and sets no_new_privs before it becomes the command, so a sandboxed command has one more seccomp
 * filter ({@code Seccomp_filters}, Linux 5.9+) than this JVM, or else {@code NoNewPrivs: 1} where this JVM has 0.
 */
final class SandboxProbe {
    static final String STATUS_FILE = "/proc/self/status";

    /** The known-safe probe: {@code cat} is on the trusted list. */
    static final List<String> KNOWN_SAFE = List.of("cat", STATUS_FILE);

    /**
     * A probe that is not on the trusted list: {@code sed} only is for {@code -n <N>p}. ({@code sort} would not do: it
     * spills a file of unknown size to a temporary file, which the read-only sandbox refuses.)
     */
    static final List<String> UNKNOWN = List.of("sed", "-n", "p", STATUS_FILE);

    /** A probe that looks dangerous ({@code rm -f} inside a plain script); the file it removes never exists. */
    static final List<String> DANGEROUS = List.of("bash", "-lc", "rm -f no-such-file.txt; cat " + STATUS_FILE);

    private SandboxProbe() {}

    /** Whether the probe's output (the {@code shell} call's output text) shows the sandbox's restrictions. */
    static boolean confined(String probeOutput) {
        String own = ownStatus();
        Optional<Long> ownFilters = field(own, "Seccomp_filters");
        Optional<Long> filters = field(probeOutput, "Seccomp_filters");
        if (ownFilters.isPresent() && filters.isPresent()) {
            return filters.get() > ownFilters.get();
        }
        long ownNoNewPrivs = field(own, "NoNewPrivs").orElseThrow();
        if (ownNoNewPrivs != 0) {
            throw new IllegalStateException("this JVM already has no_new_privs: the probe cannot tell");
        }
        return field(probeOutput, "NoNewPrivs")
                        .orElseThrow(() -> new AssertionError("not a /proc/self/status dump: " + probeOutput))
                == 1;
    }

    /** The {@code output} text inside the JSON the model gets for a shell call. */
    static String outputText(String modelFacing) {
        return Json.parse(modelFacing).path("output").asText();
    }

    private static String ownStatus() {
        try {
            return Files.readString(Path.of(STATUS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Long> field(String status, String name) {
        return status.lines()
                .filter(line -> line.startsWith(name + ":"))
                .map(line -> Long.parseLong(line.substring(name.length() + 1).strip()))
                .findFirst();
    }
}
