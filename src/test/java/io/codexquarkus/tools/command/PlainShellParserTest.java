package io.codexquarkus.tools.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlainShellParserTest {
    private static Optional<List<List<String>>> parse(String script) {
        return PlainShellParser.parse(script);
    }

    @Test
    void wordsQuotesAndOperators() {
        assertThat(parse("ls -la")).contains(List.of(List.of("ls", "-la")));
        assertThat(parse("echo 'a b' \"c d\" e'f'\"g\"")).contains(List.of(List.of("echo", "a b", "c d", "efg")));
        assertThat(parse("ls && pwd || true; echo hi | wc -l"))
                .contains(List.of(
                        List.of("ls"), List.of("pwd"), List.of("true"), List.of("echo", "hi"), List.of("wc", "-l")));
        assertThat(parse("ls&&pwd")).contains(List.of(List.of("ls"), List.of("pwd")));
        assertThat(parse("\n ls\n\npwd;\n")).contains(List.of(List.of("ls"), List.of("pwd")));
        assertThat(parse("ls &&\n pwd")).contains(List.of(List.of("ls"), List.of("pwd")));
        assertThat(parse("echo '$HOME' \"~/x\" a=b --x=y ~ 10"))
                .contains(List.of(List.of("echo", "$HOME", "~/x", "a=b", "--x=y", "~", "10")));
        assertThat(parse("echo 'quoted \"inner\"'")).contains(List.of(List.of("echo", "quoted \"inner\"")));
        assertThat(parse("   ")).contains(List.of());
    }

    @Test
    void operatorsAreRemembered() {
        assertThat(PlainShellParser.parseWithOperators("cat a | head && ls").orElseThrow())
                .containsExactly(
                        new PlainShellParser.PlainCommand(List.of("cat", "a"), "|"),
                        new PlainShellParser.PlainCommand(List.of("head"), "&&"),
                        new PlainShellParser.PlainCommand(List.of("ls"), ""));
    }

    @Test
    void everythingElseIsRefused() {
        for (String script : List.of(
                "ls > out.txt",
                "ls < in.txt",
                "ls 2>&1",
                "(ls)",
                "{ ls; }",
                "ls &",
                "ls |& cat",
                "echo $HOME",
                "echo ${HOME}",
                "echo \"$HOME\"",
                "echo `date`",
                "echo $(date)",
                "echo \"a\\\"b\"",
                "echo a\\ b",
                "ls *.py",
                "ls file?.txt",
                "ls [ab].txt",
                "echo {a,b}",
                "ls # comment",
                "! ls",
                "FOO=1 ls",
                "if true; then ls; fi",
                "for x in a; do ls; done",
                "ls ;; pwd",
                "; ls",
                "ls &&",
                "ls |",
                "ls && ; pwd",
                "echo 'unterminated",
                "echo \"unterminated",
                "cat <<EOF\nx\nEOF",
                "ls\u0000")) {
            assertThat(parse(script)).as(script).isEmpty();
        }
    }
}
