package io.codexquarkus.tools.process;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Guesses whether a sandboxed command failed because the sandbox stopped it (Codex's {@code is_likely_sandbox_denied},
 * latest keyword rule). Only meaningful for a command that ran under a sandbox; the caller decides that.
 */
public final class SandboxDenial {
    /** Lower-case phrases that give a denial away when they appear in any output stream. */
    public static final List<String> DENIAL_KEYWORDS = List.of(
            "operation not permitted",
            "permission denied",
            "read-only file system",
            "seccomp",
            "sandbox",
            "landlock",
            "failed to write file");

    /** Exit codes that mean an ordinary failure (usage error, not executable, not found) when no keyword matched. */
    private static final Set<Integer> ORDINARY_FAILURES = Set.of(2, 126, 127);

    private static final int SIGSYS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux") ? 31 : 12;

    private SandboxDenial() {}

    /**
     * Whether a sandboxed command's failure was likely the sandbox's doing: never for exit code 0 or a timeout; yes if
     * stdout, stderr or the aggregated output mentions one of {@link #DENIAL_KEYWORDS} (any case); no for exit codes 2,
     * 126 and 127; otherwise yes only for a kill by SIGSYS (exit code 128 + SIGSYS, 159 on Linux: a seccomp kill).
     */
    public static boolean isLikelyDenied(ExecOutput output) {
        if (output.exitCode() == 0 || output.timedOut()) {
            return false;
        }
        for (String text : List.of(output.stderr(), output.stdout(), output.aggregatedOutput())) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (String keyword : DENIAL_KEYWORDS) {
                if (lower.contains(keyword)) {
                    return true;
                }
            }
        }
        if (ORDINARY_FAILURES.contains(output.exitCode())) {
            return false;
        }
        return output.exitCode() == 128 + SIGSYS;
    }
}
