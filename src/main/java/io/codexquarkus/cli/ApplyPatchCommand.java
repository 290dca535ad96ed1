package io.codexquarkus.cli;

import io.codexquarkus.common.ExitCode;
import io.codexquarkus.tools.applypatch.PatchApplier;
import io.codexquarkus.tools.applypatch.WriteGuard;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code codex-quarkus apply-patch [PATCH]}: applies a patch in the {@code *** Begin Patch} format to the current
 * directory, as the agent's apply_patch helper does (same output, exit 0 on success and 1 on failure), but confined to
 * it: every path is resolved to its real location (symlinks followed) first, and a patch naming one outside the
 * current directory's real path is refused whole, before any hunk is written.
 */
@Command(
        name = "apply-patch",
        mixinStandardHelpOptions = true,
        description = {
            "Apply a patch in the apply_patch format (*** Begin Patch … *** End Patch) to files under the current"
                    + " directory. The patch is the argument, or stdin when there is none.",
            "Every path must really lie under the current directory once symlinks are followed (a symlinked file is"
                    + " written at its target, a deleted symlink is removed itself); a patch naming any other path"
                    + " is refused before anything is written.",
            "Prints 'Success. Updated the following files:' and an A/M/D line per file; on failure prints the"
                    + " error on stderr and exits 1 (hunks applied before the failure stay applied)."
        })
public class ApplyPatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "PATCH", description = "The patch text; read from stdin when omitted.")
    String patch;

    /**
     * Arguments picocli could not match: a patch whose first line starts with a dash looks like an option to it. A
     * single such argument spanning several lines is the patch (no option does); anything else is a usage error.
     */
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    /** The directory the patch applies to and may not leave; tests may set it, else the invocation's. */
    Path cwd;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String text = patch;
        if (!unmatched.isEmpty()) {
            if (text != null || unmatched.size() > 1 || !unmatched.getFirst().contains("\n")) {
                err.println("error: Unknown option: '" + unmatched.getFirst() + "'");
                err.println("Try 'codex-quarkus apply-patch --help' for more information.");
                err.flush();
                return ExitCode.USAGE;
            }
            text = unmatched.getFirst();
        }
        if (text == null) {
            try {
                text = new String(Invocation.of(spec).stdin().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the patch from stdin", e);
            }
            if (text.isEmpty()) {
                err.println("error: no patch: give it as an argument or on stdin");
                err.println("Try 'codex-quarkus apply-patch --help' for more information.");
                err.flush();
                return ExitCode.USAGE;
            }
        }
        Path dir = (cwd != null ? cwd : Invocation.of(spec).environment().cwd()).toAbsolutePath();
        PatchApplier.HelperResult result = PatchApplier.run(text, dir, WriteGuard.within(dir));
        out.print(result.stdout());
        out.flush();
        err.print(result.stderr());
        err.flush();
        return result.exitCode();
    }
}
