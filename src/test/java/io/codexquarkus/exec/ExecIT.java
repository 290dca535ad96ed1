package io.codexquarkus.exec;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.items;
import static io.codexquarkus.testing.MockModelServer.messageTexts;
import static io.codexquarkus.testing.MockModelServer.shellCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.AgentHarness;
import io.codexquarkus.agent.rollout.RolloutReader;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.Launcher.Result;
import io.codexquarkus.testing.MockModelServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code codex-quarkus exec} as users run it: the packaged application through {@code deployment/codex-quarkus}, a
 * mock model configured in {@code config.toml}, real exit codes, stdout and stderr kept apart.
 */
class ExecIT {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path home;

    @TempDir
    Path work;

    @BeforeEach
    void configure() {
        model.reset();
        model.writeConfig(home, "");
    }

    private Map<String, String> env() {
        return Map.of(CodexHome.ENV, home.toString(), "NO_COLOR", "1");
    }

    private Result exec(String stdin, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "exec";
        System.arraycopy(args, 0, command, 1, args.length);
        return Launcher.run(work, env(), stdin, command);
    }

    @Test
    void answerGoesToStdoutAndToTheLastMessageFile() {
        model.script(answer("resp_1", "Hi there!"));
        Path lastMessage = work.resolve("last.txt");

        Result result = exec(null, "--skip-git-repo-check", "-o", lastMessage.toString(), "say hi");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("Hi there!\n");
        assertThat(result.stderr()).contains("session id: ").contains("codex\nHi there!");
        // exec starts without Quarkus (PlainBoot): its JVM preparation must keep the JDK's and Netty's noise away
        assertThat(result.stderr()).doesNotContain("WARNING: ").doesNotContain("sun.misc.Unsafe");
        assertThat(lastMessage).hasContent("Hi there!");
        assertThat(messageTexts(model.requests().getFirst()).getLast()).isEqualTo("say hi");
    }

    @Test
    void jsonStdoutIsPureJsonl() {
        model.script(answer("resp_1", "Hi there!"));

        Result result = exec(null, "--skip-git-repo-check", "--json", "say hi");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).isNotEmpty();
        List<JsonNode> events = lines.stream().map(Json::parse).toList();
        assertThat(events).allMatch(JsonNode::isObject);
        JsonNode first = events.getFirst();
        assertThat(first.path("type").asText()).isEqualTo("thread.started");
        String threadId = first.path("thread_id").asText();
        assertThat(RolloutReader.findById(new CodexHome(home), threadId))
                .as("the thread id names the session's rollout")
                .isPresent();
        assertThat(events.stream().map(e -> e.path("type").asText()))
                .containsExactly("thread.started", "turn.started", "item.completed", "turn.completed");
        assertThat(events.get(2).path("item").path("text").asText()).isEqualTo("Hi there!");
    }

    @Test
    void dashReadsThePromptFromStdin() {
        model.script(answer("resp_1", "Got it."));

        Result result = exec("prompt from a pipe\n", "--skip-git-repo-check", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("Got it.\n");
        assertThat(messageTexts(model.requests().getFirst()).getLast().strip()).isEqualTo("prompt from a pipe");
    }

    @Test
    void absentPromptReadsPipedStdin() {
        model.script(answer("resp_1", "Got it."));

        Result result = exec("prompt without an argument", "--skip-git-repo-check");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).contains("Reading prompt from stdin...");
        assertThat(messageTexts(model.requests().getFirst()).getLast()).isEqualTo("prompt without an argument");
    }

    @Test
    void silentOpenStdinFailsWithUsageErrorInsteadOfHanging() throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(Launcher.command("exec", "--skip-git-repo-check")).directory(work.toFile());
        Launcher.baseEnvironment(builder.environment());
        builder.environment().putAll(env());
        long started = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<String> stdout = Launcher.drain(process.getInputStream());
        CompletableFuture<String> stderr = Launcher.drain(process.getErrorStream());
        try {
            // stdin stays open and silent, as in a CI job that never closes it
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            assertThat(exited).as("exec gave up waiting for stdin").isTrue();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            assertThat(process.exitValue()).as(stderr.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(stderr.get(10, TimeUnit.SECONDS)).contains("No prompt provided via stdin");
            assertThat(stdout.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(elapsed).as("about 5 s after start-up").isLessThan(Duration.ofSeconds(40));
            assertThat(model.requests()).isEmpty();
        } finally {
            process.getOutputStream().close();
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void outsideAGitRepositoryItRefusesWithoutTheFlag() {
        model.script(answer("resp_1", "never sent"));

        Result result = exec(null, "say hi");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr())
                .contains("Not inside a trusted directory and --skip-git-repo-check was not specified.");
        assertThat(result.stdout()).isEmpty();
        assertThat(model.requests()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 500})
    void modelHttpErrorIsAModelFailure(int status) {
        model.failWith(status, "the mock refuses");

        Result result = exec(null, "--skip-git-repo-check", "say hi");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stderr()).contains("ERROR: ");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void resumeLastContinuesThePreviousSession() throws IOException {
        Files.createDirectory(work.resolve(".git"));
        model.script(answer("resp_1", "First answer."), answer("resp_2", "Second answer."));

        Result first = exec(null, "first prompt");
        Result second = exec(null, "resume", "--last", "second prompt");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stdout()).isEqualTo("Second answer.\n");
        List<JsonNode> requests = model.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).path("prompt_cache_key"))
                .isEqualTo(requests.get(0).path("prompt_cache_key"));
        List<String> texts = messageTexts(requests.get(1));
        assertThat(texts).containsSubsequence("first prompt", "First answer.", "second prompt");
        assertThat(texts.getLast()).isEqualTo("second prompt");
    }

    @Test
    void sigintDuringALongTurnExits130AndKillsTheCommand() throws Exception {
        model.script(
                items("resp_1", shellCall("call_sleep", List.of("sh", "-c", "echo $$ > sleep.pid; exec sleep 30"))),
                answer("resp_2", "not expected"));
        String autonomy =
                AgentHarness.platformSandboxAvailable() ? "--full-auto" : "--dangerously-bypass-approvals-and-sandbox";
        ProcessBuilder builder = new ProcessBuilder(
                        Launcher.command("exec", "--skip-git-repo-check", autonomy, "sleep for a while"))
                .directory(work.toFile());
        Launcher.baseEnvironment(builder.environment());
        builder.environment().putAll(env());
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = Launcher.drain(process.getInputStream());
        CompletableFuture<String> stderr = Launcher.drain(process.getErrorStream());
        long sleepPid = -1;
        try {
            sleepPid = awaitPid(work.resolve("sleep.pid"), process);
            assertThat(alive(sleepPid)).isTrue();

            // the launcher execs java: its pid is the JVM's
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("exec ends after SIGINT")
                    .isTrue();
            String err = stderr.get(10, TimeUnit.SECONDS);
            assertThat(process.exitValue()).as(err).isEqualTo(130);
            assertThat(stdout.get(10, TimeUnit.SECONDS)).isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (alive(sleepPid) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(alive(sleepPid))
                    .as("sleep %d is gone; stderr:%n%s", sleepPid, err)
                    .isFalse();
            assertThat(model.requests()).hasSize(1);
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            if (sleepPid > 0) {
                ProcessHandle.of(sleepPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long awaitPid(Path pidFile, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command did not write " + pidFile + " (exec alive: " + process.isAlive() + ")");
    }
}
