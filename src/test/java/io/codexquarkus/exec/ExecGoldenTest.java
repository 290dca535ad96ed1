package io.codexquarkus.exec;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.items;
import static io.codexquarkus.testing.MockModelServer.reasoning;
import static io.codexquarkus.testing.MockModelServer.shellCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.ExitCode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ConfigDefaults;
import io.codexquarkus.testing.MockModelServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exec}'s output, human and {@code --json}, compared with golden files under {@code
 * src/test/resources/golden/exec/}: {@link ExecRunner} runs in-process against the real agent and the mock model;
 * thread ids, durations, the working directory and the version are normalised. Run with {@code -Dgolden.update=true}
 * to rewrite the files (then review the diff).
 */
class ExecGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/exec");
    private static final String ANSWER = "Hello from the mock model.";

    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    private InProcessExec.Run exec(boolean json, Optional<Path> lastMessage) throws Exception {
        model.writeConfig(home, "");
        ExecOptions options =
                new ExecOptions(Optional.of("say hi"), List.of(), json, lastMessage, false, true, Optional.empty());
        return InProcessExec.run(home, work, options, "");
    }

    private void scriptCommandAndAnswer() {
        model.script(
                items("resp_1", reasoning("Planning the greeting"), shellCall("call_1", List.of("echo", "hello"))),
                answer("resp_2", ANSWER));
    }

    @Test
    void humanOutput() throws Exception {
        scriptCommandAndAnswer();
        Path lastMessage = work.resolve("last.txt");

        InProcessExec.Run run = exec(false, Optional.of(lastMessage));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
        assertThat(run.stdout()).isEqualTo(ANSWER + "\n");
        assertThat(lastMessage).hasContent(ANSWER);
        assertGolden("human.stderr.txt", normalise(run.stderr()));
    }

    @Test
    void jsonOutput() throws Exception {
        scriptCommandAndAnswer();

        InProcessExec.Run run = exec(true, Optional.empty());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(Json.parse(line).isObject()).isTrue());
        assertThat(Json.parse(lines.getFirst()).path("type").asText()).isEqualTo("thread.started");
        assertGolden("json.stdout.jsonl", normalise(run.stdout()));
    }

    @Test
    void humanOutputOfAModelFailure() throws Exception {
        model.failWith(400, "The model `mock-model` does not exist.");

        InProcessExec.Run run = exec(false, Optional.empty());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.MODEL);
        assertThat(run.stdout()).isEmpty();
        assertGolden("human-model-error.stderr.txt", normalise(run.stderr()));
    }

    @Test
    void jsonOutputOfAModelFailure() throws Exception {
        model.failWith(400, "The model `mock-model` does not exist.");

        InProcessExec.Run run = exec(true, Optional.empty());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.MODEL);
        assertGolden("json-model-error.stdout.jsonl", normalise(run.stdout()));
    }

    private String normalise(String text) {
        return text.replace(work.toString(), "<workdir>")
                .replace(home.toString(), "<codex-home>")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<thread-id>")
                .replaceAll(" in (\\d+ms|\\d+\\.\\d\\ds|\\d+m \\d\\ds):", " in <duration>:")
                .replace("v" + ConfigDefaults.VERSION, "v<version>");
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file)
                .as("golden file %s (create it with -Dgolden.update=true)", file)
                .exists();
        assertThat(actual)
                .as("output differs from %s (rewrite with -Dgolden.update=true and review the diff)", file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
