package io.codexquarkus.tools.applypatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recognising apply_patch calls in a shell argv (upstream's detection vectors plus our own). */
class ApplyPatchInvocationTest {
    private static final String PATCH = "*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch";

    private static String heredoc(String prefix) {
        return prefix + "apply_patch <<'PATCH'\n" + PATCH + "\nPATCH";
    }

    private static void assertMatch(List<String> argv, Optional<String> workdir) {
        ApplyPatchInvocation result = ApplyPatchInvocation.detect(argv);
        assertThat(result).as(argv.toString()).isInstanceOf(ApplyPatchInvocation.Body.class);
        ApplyPatchInvocation.Body body = (ApplyPatchInvocation.Body) result;
        assertThat(body.workdir()).isEqualTo(workdir);
        assertThat(body.patch().hunks()).containsExactly(new Hunk.AddFile("foo", "hi\n"));
    }

    private static void assertScriptMatches(String script, String workdir) {
        assertMatch(List.of("bash", "-lc", script), Optional.ofNullable(workdir));
    }

    private static void assertNotMatch(String script) {
        assertThat(ApplyPatchInvocation.detect(List.of("bash", "-lc", script)))
                .as(script)
                .isInstanceOf(ApplyPatchInvocation.NotApplyPatch.class);
    }

    @Test
    void literalCalls() {
        assertMatch(List.of("apply_patch", PATCH + "\n"), Optional.empty());
        assertMatch(List.of("applypatch", PATCH), Optional.empty());
        // the heredoc a shell would have consumed is tolerated (lenient parsing)
        assertMatch(List.of("apply_patch", "<<'EOF'\n" + PATCH + "\nEOF\n"), Optional.empty());
    }

    @Test
    void heredocScripts() {
        assertScriptMatches(heredoc(""), null);
        assertScriptMatches("applypatch <<'PATCH'\n" + PATCH + "\nPATCH", null);
        assertScriptMatches("apply_patch <<EOF\n" + PATCH + "\nEOF\n", null);
        assertScriptMatches("apply_patch << \"END_OF_PATCH\"\n" + PATCH + "\nEND_OF_PATCH\n\n", null);
        assertScriptMatches("apply_patch<<-X\n\t" + PATCH.replace("\n", "\n\t") + "\n\tX", null);
        assertScriptMatches("\n  " + heredoc(""), null);
        assertScriptMatches(heredoc("cd foo && "), "foo");
        assertScriptMatches(heredoc("cd 'foo bar' && "), "foo bar");
        assertScriptMatches(heredoc("cd \"foo bar\" && "), "foo bar");
        assertScriptMatches(heredoc("cd /abs/dir&&"), "/abs/dir");
        // trailing blank lines inside the heredoc are dropped
        assertScriptMatches("apply_patch <<'PATCH'\n" + PATCH + "\n\n\nPATCH", null);
    }

    @Test
    void otherShellsAndFlags() {
        assertMatch(List.of("bash", "-c", heredoc("")), Optional.empty());
        assertMatch(List.of("/bin/zsh", "-lc", heredoc("")), Optional.empty());
        assertMatch(List.of("sh", "-c", heredoc("cd x && ")), Optional.of("x"));
        assertThat(ApplyPatchInvocation.detect(List.of("bash", "-x", heredoc(""))))
                .isInstanceOf(ApplyPatchInvocation.NotApplyPatch.class);
        assertThat(ApplyPatchInvocation.detect(List.of("fish", "-c", heredoc(""))))
                .isInstanceOf(ApplyPatchInvocation.NotApplyPatch.class);
    }

    @Test
    void anythingElseInTheScriptIsNotAnInvocation() {
        assertNotMatch(heredoc("cd foo; "));
        assertNotMatch(heredoc("cd bar || "));
        assertNotMatch(heredoc("cd bar | "));
        assertNotMatch(heredoc("echo foo && "));
        assertNotMatch(heredoc("cd foo && cd bar && "));
        assertNotMatch(heredoc("cd foo bar && "));
        assertNotMatch(heredoc("echo foo; cd bar && "));
        assertNotMatch(heredoc("cd $HOME && "));
        assertNotMatch(heredoc("cd \"a\"b && "));
        assertNotMatch(heredoc("cd && "));
        assertNotMatch(heredoc("cdx foo && "));
        assertNotMatch(heredoc("") + " && echo done");
        assertNotMatch(heredoc("") + "\necho done");
        assertNotMatch("apply_patch foo <<'PATCH'\n" + PATCH + "\nPATCH");
        assertNotMatch("apply_patch <<'PATCH' extra\n" + PATCH + "\nPATCH");
        assertNotMatch("apply_patch <<<'" + PATCH + "'");
        assertNotMatch("apply_patch <<'PATCH'\n" + PATCH);
        assertNotMatch("apply_patch <<'PATCH'\n" + PATCH + "\nPATCH ");
        assertNotMatch("patch -p1 <<'EOF'\n" + PATCH + "\nEOF");
        assertNotMatch("ls -la");
    }

    @Test
    void implicitPatchIsAnError() {
        String message = "patch detected without explicit call to apply_patch. Rerun as [\"apply_patch\", \"<patch>\"]";
        assertThat(ApplyPatchInvocation.detect(List.of(PATCH)))
                .isEqualTo(new ApplyPatchInvocation.CorrectnessError(message));
        assertThat(ApplyPatchInvocation.detect(List.of("bash", "-lc", PATCH)))
                .isEqualTo(new ApplyPatchInvocation.CorrectnessError(message));
    }

    @Test
    void invalidPatchInAnExplicitCallIsAnError() {
        assertThat(ApplyPatchInvocation.detect(List.of("apply_patch", "*** Begin Patch\n*** Frob: x\n*** End Patch")))
                .isInstanceOfSatisfying(
                        ApplyPatchInvocation.CorrectnessError.class,
                        e -> assertThat(e.message()).startsWith("invalid hunk at line 2, '*** Frob: x' is not"));
        assertThat(ApplyPatchInvocation.detect(List.of("bash", "-lc", "apply_patch <<'EOF'\nnot a patch\nEOF")))
                .isEqualTo(new ApplyPatchInvocation.CorrectnessError(
                        "invalid patch: The first line of the patch must be '*** Begin Patch'"));
    }

    @Test
    void ordinaryCommands() {
        assertThat(ApplyPatchInvocation.detect(List.of("ls", "-la")))
                .isInstanceOf(ApplyPatchInvocation.NotApplyPatch.class);
        assertThat(ApplyPatchInvocation.detect(List.of("apply_patch")))
                .isInstanceOf(ApplyPatchInvocation.NotApplyPatch.class);
        assertThat(ApplyPatchInvocation.detect(List.of())).isInstanceOf(ApplyPatchInvocation.NotApplyPatch.class);
    }
}
