package io.codexquarkus.tools.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream's known-safe vectors and tests, plus our own. */
class SafeCommandsTest {
    private static boolean safe(String... argv) {
        return SafeCommands.isKnownSafe(List.of(argv));
    }

    private static void assertSafe(String... argv) {
        assertThat(safe(argv)).as(String.join(" | ", argv)).isTrue();
    }

    private static void assertUnsafe(String... argv) {
        assertThat(safe(argv)).as(String.join(" | ", argv)).isFalse();
    }

    @Test
    void alwaysSafePrograms() {
        for (String program : List.of(
                "cat", "cd", "cut", "echo", "expr", "false", "grep", "head", "id", "ls", "nl", "paste", "pwd", "rev",
                "seq", "stat", "tail", "tr", "true", "uname", "uniq", "wc", "which", "whoami", "numfmt", "tac")) {
            assertSafe(program, "arg");
        }
        assertSafe("/bin/ls", "-la");
        assertSafe("nl", "-nrz", "Cargo.toml");
        assertUnsafe("foo");
        assertUnsafe("cargo", "check");
        assertUnsafe("python3", "-c", "print(1)");
        assertUnsafe();
    }

    @Test
    void find() {
        assertSafe("find", ".", "-name", "file.txt");
        assertUnsafe("find", ".", "-name", "file.txt", "-exec", "rm", "{}", ";");
        assertUnsafe("find", ".", "-name", "*.py", "-execdir", "python3", "{}", ";");
        assertUnsafe("find", ".", "-name", "file.txt", "-ok", "rm", "{}", ";");
        assertUnsafe("find", ".", "-name", "*.py", "-okdir", "python3", "{}", ";");
        assertUnsafe("find", ".", "-delete", "-name", "file.txt");
        assertUnsafe("find", ".", "-fls", "/etc/passwd");
        assertUnsafe("find", ".", "-fprint", "/etc/passwd");
        assertUnsafe("find", ".", "-fprint0", "/etc/passwd");
        assertUnsafe("find", ".", "-fprintf", "/root/suid.txt", "%#m %u %p\n");
    }

    @Test
    void ripgrep() {
        assertSafe("rg", "Cargo.toml", "-n");
        assertUnsafe("rg", "--search-zip", "files");
        assertUnsafe("rg", "-z", "files");
        assertUnsafe("rg", "--pre", "pwned", "files");
        assertUnsafe("rg", "--pre=pwned", "files");
        assertUnsafe("rg", "--hostname-bin", "pwned", "files");
        assertUnsafe("rg", "--hostname-bin=pwned", "files");
    }

    @Test
    void git() {
        assertSafe("git", "status");
        assertSafe("git", "log", "--oneline", "-n", "5");
        assertSafe("git", "diff", "HEAD~1");
        assertSafe("git", "show", "HEAD");
        assertSafe("git", "branch");
        assertSafe("git", "branch", "--show-current");
        assertSafe("git", "branch", "-a", "-v", "--format=%(refname)");
        assertSafe("git", "-C", ".", "branch", "--show-current");
        assertSafe("git", "--no-pager", "log");
        assertSafe("/usr/bin/git", "status");
        assertUnsafe("git", "fetch");
        assertUnsafe("git", "checkout", "status");
        assertUnsafe("git", "branch", "-d", "feature");
        assertUnsafe("git", "branch", "new-branch");
        assertUnsafe("git", "-C", ".", "branch", "-d", "feature");
        assertUnsafe("git", "log", "--output=/tmp/git-log-out-test", "-n", "1");
        assertUnsafe("git", "diff", "--output", "/tmp/git-diff-out-test");
        assertUnsafe("git", "show", "--output=/tmp/git-show-out-test", "HEAD");
        assertUnsafe("git", "diff", "--ext-diff");
        assertUnsafe("git", "log", "--textconv");
        assertUnsafe("git", "log", "--paginate");
        assertUnsafe("git", "-c", "core.pager=cat", "log", "-n", "1");
        assertUnsafe("git", "-ccore.pager=cat", "status");
        assertUnsafe("git", "--config-env=core.pager=X", "status");
        assertUnsafe("git");
    }

    @Test
    void sedPrintRangesOnly() {
        assertSafe("sed", "-n", "1,5p", "file.txt");
        assertSafe("sed", "-n", "10p", "file.txt");
        assertSafe("sed", "-n", "10p");
        assertUnsafe("sed", "-n", "xp", "file.txt");
        assertUnsafe("sed", "-n", "1,5p", "a.txt", "b.txt");
        assertUnsafe("sed", "-i", "s/a/b/", "file.txt");
        assertUnsafe("sed", "-n", "1,2,3p", "file.txt");
    }

    @Test
    void base64WithoutOutputFile() {
        assertSafe("base64");
        assertSafe("base64", "-d", "file");
        assertUnsafe("base64", "-o", "out.bin");
        assertUnsafe("base64", "--output", "out.bin");
        assertUnsafe("base64", "--output=out.bin");
        assertUnsafe("base64", "-ob64.txt");
    }

    @Test
    void shellScriptsOfSafeCommands() {
        assertSafe("bash", "-lc", "ls");
        assertSafe("bash", "-lc", "ls -1");
        assertSafe("bash", "-lc", "git status");
        assertSafe("bash", "-lc", "grep -R \"Cargo.toml\" -n");
        assertSafe("bash", "-lc", "sed -n 1,5p file.txt");
        assertSafe("bash", "-lc", "sed -n '1,5p' file.txt");
        assertSafe("bash", "-lc", "find . -name file.txt");
        assertSafe("bash", "-lc", "grep -R \"Cargo.toml\" -n || true");
        assertSafe("bash", "-lc", "ls && pwd");
        assertSafe("bash", "-lc", "echo 'hi' ; ls");
        assertSafe("bash", "-lc", "ls | wc -l");
        assertSafe("zsh", "-lc", "ls");
        assertSafe("sh", "-c", "cat a.txt | head -n 5");
        assertSafe("/bin/bash", "-c", "pwd\nls -la\n");
    }

    @Test
    void shellScriptsThatAreNotProvablySafe() {
        assertUnsafe("bash", "-lc", "git", "status");
        assertUnsafe("bash", "-lc", "'git status'");
        assertUnsafe("bash", "-lc", "find . -delete");
        assertUnsafe("bash", "-lc", "find . -name file.txt -delete");
        assertUnsafe("bash", "-lc", "ls && rm -rf /");
        assertUnsafe("bash", "-lc", "(ls)");
        assertUnsafe("bash", "-lc", "ls || (pwd && echo hi)");
        assertUnsafe("bash", "-lc", "ls > out.txt");
        assertUnsafe("bash", "-lc", "git -C . branch -d feature");
        assertUnsafe("bash", "-lc", "cat $HOME/.ssh/id_rsa");
        assertUnsafe("bash", "-lc", "echo `rm -rf /`");
        assertUnsafe("bash", "-lc", "echo $(whoami)");
        assertUnsafe("bash", "-lc", "ls &");
        assertUnsafe("bash", "-lc", "FOO=bar ls");
        assertUnsafe("bash", "-lc", "find . -name '*.py' -{de,}lete");
        assertUnsafe("bash", "-lc", "cat *");
        assertUnsafe("bash", "-lc", "");
        assertUnsafe("bash", "-x", "ls");
        assertUnsafe("fish", "-c", "ls");
    }
}
