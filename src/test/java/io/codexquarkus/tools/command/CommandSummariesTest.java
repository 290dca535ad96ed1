package io.codexquarkus.tools.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandSummariesTest {
    private static List<ParsedCommand> summarise(String... argv) {
        return CommandSummaries.summarise(List.of(argv));
    }

    private static ParsedCommand.Read read(String cmd, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new ParsedCommand.Read(cmd, name, path);
    }

    @Test
    void reads() {
        assertThat(summarise("cat", "src/Main.java")).containsExactly(read("cat src/Main.java", "src/Main.java"));
        assertThat(summarise("head", "-n", "50", "README.md"))
                .containsExactly(read("head -n 50 README.md", "README.md"));
        assertThat(summarise("tail", "-n", "+10", "log.txt")).containsExactly(read("tail -n +10 log.txt", "log.txt"));
        assertThat(summarise("sed", "-n", "1,80p", "a b.txt"))
                .containsExactly(read("sed -n '1,80p' 'a b.txt'", "a b.txt"));
        assertThat(summarise("nl", "-ba", "x.rs")).containsExactly(read("nl -ba x.rs", "x.rs"));
        assertThat(summarise("cat", "a", "b")).containsExactly(new ParsedCommand.Unknown("cat a b"));
    }

    @Test
    void listingsAndSearches() {
        assertThat(summarise("ls", "-la")).containsExactly(new ParsedCommand.ListFiles("ls -la", Optional.empty()));
        assertThat(summarise("ls", "src")).containsExactly(new ParsedCommand.ListFiles("ls src", Optional.of("src")));
        assertThat(summarise("rg", "--files", "core"))
                .containsExactly(new ParsedCommand.ListFiles("rg --files core", Optional.of("core")));
        assertThat(summarise("rg", "-n", "TODO", "src"))
                .containsExactly(new ParsedCommand.Search("rg -n TODO src", Optional.of("TODO"), Optional.of("src")));
        assertThat(summarise("rg", "-g", "*.rs", "-e", "fn main"))
                .containsExactly(new ParsedCommand.Search(
                        "rg -g '*.rs' -e 'fn main'", Optional.of("fn main"), Optional.empty()));
        assertThat(summarise("grep", "-R", "needle", "."))
                .containsExactly(new ParsedCommand.Search("grep -R needle .", Optional.of("needle"), Optional.of(".")));
        assertThat(summarise("find", ".", "-name", "*.java"))
                .containsExactly(
                        new ParsedCommand.Search("find . -name '*.java'", Optional.of("*.java"), Optional.of(".")));
        assertThat(summarise("find", "src", "-type", "f"))
                .containsExactly(new ParsedCommand.ListFiles("find src -type f", Optional.of("src")));
        assertThat(summarise("fd", "-e", "rs", "main"))
                .containsExactly(new ParsedCommand.Search("fd -e rs main", Optional.of("main"), Optional.empty()));
    }

    @Test
    void scriptsAreSummarisedPerCommand() {
        assertThat(summarise("bash", "-lc", "cd core && rg -n foo src | head -n 20"))
                .containsExactly(new ParsedCommand.Search("rg -n foo src", Optional.of("foo"), Optional.of("src")));
        assertThat(summarise("bash", "-lc", "cat a.txt | wc -l")).containsExactly(read("cat a.txt", "a.txt"));
        assertThat(summarise("bash", "-lc", "grep -n x f || true"))
                .containsExactly(new ParsedCommand.Search("grep -n x f", Optional.of("x"), Optional.of("f")));
        assertThat(summarise("bash", "-lc", "echo start && ls && ls"))
                .containsExactly(new ParsedCommand.ListFiles("ls", Optional.empty()));
        assertThat(summarise("bash", "-lc", "cd foo")).containsExactly(new ParsedCommand.Unknown("cd foo"));
        assertThat(summarise("bash", "-lc", "python3 -c 'print(1)' > out"))
                .containsExactly(new ParsedCommand.Unknown("python3 -c 'print(1)' > out"));
    }

    @Test
    void unknownUsesShlexJoin() {
        assertThat(summarise("python3", "-c", "import pathlib; pathlib.Path('x').touch()"))
                .containsExactly(new ParsedCommand.Unknown("python3 -c \"import pathlib; pathlib.Path('x').touch()\""));
        assertThat(summarise()).containsExactly(new ParsedCommand.Unknown(""));
    }

    @Test
    void json() throws Exception {
        List<ParsedCommand> all = List.of(
                new ParsedCommand.Read("cat a/b.txt", "b.txt", "a/b.txt"),
                new ParsedCommand.ListFiles("ls", Optional.empty()),
                new ParsedCommand.Search("rg x", Optional.of("x"), Optional.empty()),
                new ParsedCommand.Unknown("make"));
        assertThat(Json.write(all))
                .isEqualTo("[{\"type\":\"read\",\"cmd\":\"cat a/b.txt\",\"name\":\"b.txt\",\"path\":\"a/b.txt\"},"
                        + "{\"type\":\"list_files\",\"cmd\":\"ls\",\"path\":null},"
                        + "{\"type\":\"search\",\"cmd\":\"rg x\",\"query\":\"x\",\"path\":null},"
                        + "{\"type\":\"unknown\",\"cmd\":\"make\"}]");
        for (ParsedCommand command : all) {
            assertThat(Json.MAPPER.readValue(Json.write(command), ParsedCommand.class))
                    .isEqualTo(command);
        }
    }
}
