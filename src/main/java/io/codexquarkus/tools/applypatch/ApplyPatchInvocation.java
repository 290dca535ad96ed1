package io.codexquarkus.tools.applypatch;

import io.codexquarkus.tools.command.ShellScripts;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a shell command means for apply_patch: a call with a patch body, a call (or a bare patch) that is an error, or
 * an ordinary command.
 */
public sealed interface ApplyPatchInvocation {
    /** The reply when a patch arrives without the {@code apply_patch} command in front of it. */
    String IMPLICIT_INVOCATION =
            "patch detected without explicit call to apply_patch. Rerun as [\"apply_patch\", \"<patch>\"]";

    /**
     * An apply_patch call.
     *
     * @param workdir the {@code cd} of a {@code cd <dir> && apply_patch <<EOF} script
     */
    record Body(ParsedPatch patch, Optional<String> workdir) implements ApplyPatchInvocation {
        /** The directory relative paths of the patch resolve against: {@code cwd}, or the {@code cd} target. */
        public Path effectiveCwd(Path cwd) {
            return workdir.map(cwd::resolve).orElse(cwd);
        }
    }

    /** An apply_patch call whose patch does not parse, or a patch sent without the command. */
    record CorrectnessError(String message) implements ApplyPatchInvocation {}

    /** Not an apply_patch call. */
    record NotApplyPatch() implements ApplyPatchInvocation {}

    /**
     * Recognises {@code ["apply_patch"|"applypatch", patch]} and {@code bash|zsh|sh -c|-lc} scripts that are exactly
     * {@code [cd <dir> &&] apply_patch <<DELIM … DELIM}.
     */
    static ApplyPatchInvocation detect(List<String> argv) {
        Optional<String> script = ShellScripts.scriptOf(argv);
        if ((argv.size() == 1 && PatchParser.isPatch(argv.getFirst()))
                || (script.isPresent() && PatchParser.isPatch(script.get()))) {
            return new CorrectnessError(IMPLICIT_INVOCATION);
        }
        if (argv.size() == 2
                && (argv.getFirst().equals("apply_patch") || argv.getFirst().equals("applypatch"))) {
            return parse(argv.get(1), Optional.empty());
        }
        if (script.isPresent()) {
            Optional<HeredocScript.ApplyPatchCall> call = HeredocScript.parse(script.get());
            if (call.isPresent()) {
                return parse(call.get().patch(), call.get().workdir());
            }
        }
        return new NotApplyPatch();
    }

    private static ApplyPatchInvocation parse(String patch, Optional<String> workdir) {
        try {
            return new Body(PatchParser.parse(patch), workdir);
        } catch (PatchParseException e) {
            return new CorrectnessError(e.getMessage());
        }
    }
}
