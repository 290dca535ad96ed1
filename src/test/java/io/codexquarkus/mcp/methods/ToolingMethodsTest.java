package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.sandbox.SandboxManager;
import io.codexquarkus.sandbox.SandboxType;
import io.codexquarkus.testing.ScriptedModelClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitDiffToRemote} against real git repositories, {@code execOneOffCommand} with real processes. */
class ToolingMethodsTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private MethodsHarness mcp;
    private final Map<String, String> env = Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));

    @BeforeEach
    void start() throws Exception {
        mcp = new MethodsHarness(home, work, new ScriptedModelClient(), new TestTools(), List.of(), env);
        mcp.client.initialize(true);
    }

    @AfterEach
    void stop() throws InterruptedException {
        mcp.close();
    }

    @Test
    void gitDiffIsAgainstTheClosestCommitTheRemoteHas() throws Exception {
        Path remote = Files.createDirectories(work.resolve("remote.git"));
        git(remote, "init", "--bare", "-q");
        Path repo = Files.createDirectories(work.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "one\n");
        git(repo, "add", "a.txt");
        git(repo, "commit", "-q", "-m", "first");
        git(repo, "remote", "add", "origin", remote.toString());
        git(repo, "push", "-q", "origin", "main");
        String pushed = git(repo, "rev-parse", "HEAD").strip();
        Files.writeString(repo.resolve("a.txt"), "one\ntwo\n");
        git(repo, "commit", "-q", "-am", "second, not pushed");
        Files.writeString(repo.resolve("a.txt"), "one\ntwo\nthree\n");
        Files.writeString(repo.resolve("new.txt"), "untracked\n");

        JsonNode result = mcp.call("gitDiffToRemote", "{\"cwd\":" + Json.write(repo.toString()) + "}");
        assertThat(result.properties()).extracting(Map.Entry::getKey).containsExactly("sha", "diff");
        assertThat(result.path("sha").asText()).isEqualTo(pushed);
        String diff = result.path("diff").asText();
        assertThat(diff)
                .contains("diff --git a/a.txt b/a.txt", "+two\n", "+three\n")
                .contains("b/new.txt", "+untracked\n");
    }

    @Test
    void gitDiffWithoutRepositoryOrRemoteIsAnInvalidRequest() throws Exception {
        JsonNode plain = mcp.error("gitDiffToRemote", "{\"cwd\":" + Json.write(work.toString()) + "}");
        assertThat(plain.path("code").asInt()).isEqualTo(-32600);
        assertThat(plain.path("message").asText())
                .isEqualTo("failed to compute git diff to remote for cwd: \"" + work + "\"");

        Path repo = Files.createDirectories(work.resolve("local-only"));
        git(repo, "init", "-q");
        JsonNode noRemote = mcp.error("gitDiffToRemote", "{\"cwd\":" + Json.write(repo.toString()) + "}");
        assertThat(noRemote.path("message").asText())
                .isEqualTo("failed to compute git diff to remote for cwd: \"" + repo + "\"");

        JsonNode missing = mcp.error("gitDiffToRemote", null);
        assertThat(missing.path("code").asInt()).isEqualTo(-32602);
        assertThat(missing.path("message").asText()).isEqualTo("gitDiffToRemote: missing field `cwd`");
    }

    @Test
    void execOneOffCommandReturnsExitCodeAndBothStreams() throws Exception {
        JsonNode result = mcp.call(
                "execOneOffCommand",
                "{\"command\":[\"sh\",\"-c\",\"echo out; echo err >&2; pwd >&2; exit 3\"],"
                        + "\"sandboxPolicy\":{\"mode\":\"danger-full-access\"},\"cwd\":"
                        + Json.write(work.toString()) + "}");
        assertThat(result)
                .isEqualTo(Json.parse(
                        "{\"exitCode\":3,\"stdout\":\"out\\n\",\"stderr\":\"err\\n" + work.toRealPath() + "\\n\"}"));

        long start = System.nanoTime();
        JsonNode timedOut = mcp.call(
                "execOneOffCommand",
                "{\"command\":[\"sleep\",\"20\"],\"timeoutMs\":300,\"sandboxPolicy\":{\"mode\":\"danger-full-access\"}}");
        assertThat(timedOut.path("exitCode").asInt()).isEqualTo(124);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void execOneOffCommandRejectsBadInput() throws Exception {
        JsonNode empty = mcp.error("execOneOffCommand", "{\"command\":[]}");
        assertThat(empty.path("code").asInt()).isEqualTo(-32600);
        assertThat(empty.path("message").asText()).isEqualTo("command must not be empty");
        JsonNode missing = mcp.error("execOneOffCommand", "{}");
        assertThat(missing.path("code").asInt()).isEqualTo(-32602);
        JsonNode notStrings = mcp.error("execOneOffCommand", "{\"command\":[\"ls\",1]}");
        assertThat(notStrings.path("message").asText())
                .isEqualTo("execOneOffCommand: `command` must be an array of strings");
        JsonNode noProgram = mcp.error(
                "execOneOffCommand",
                "{\"command\":[\"no-such-program-xyz\"],\"sandboxPolicy\":{\"mode\":\"danger-full-access\"}}");
        assertThat(noProgram.path("code").asInt()).isEqualTo(-32603);
        assertThat(noProgram.path("message").asText()).startsWith("exec failed: ");
        JsonNode badCwd = mcp.error("execOneOffCommand", "{\"command\":[\"true\"],\"cwd\":\"/no/such/dir\"}");
        assertThat(badCwd.path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void execOneOffCommandUsesTheServersReadOnlyPolicyByDefault() throws Exception {
        Path target = work.resolve("written.txt");
        JsonNode response = mcp.respond(
                "execOneOffCommand",
                "{\"command\":[\"sh\",\"-c\",\"echo x > " + target + "\"],\"cwd\":" + Json.write(work.toString())
                        + "}");
        if (SandboxManager.forEnvironment(env).platformSandbox() == SandboxType.NONE) {
            assertThat(response.path("error").path("code").asInt()).isEqualTo(-32603);
            assertThat(response.path("error").path("message").asText())
                    .startsWith("exec failed: no sandbox is available on this host to enforce the read-only policy");
        } else {
            assertThat(response.path("result").path("exitCode").asInt()).isNotZero();
        }
        assertThat(target).doesNotExist();
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_AUTHOR_NAME", "Test");
        builder.environment().put("GIT_AUTHOR_EMAIL", "test@example.com");
        builder.environment().put("GIT_COMMITTER_NAME", "Test");
        builder.environment().put("GIT_COMMITTER_EMAIL", "test@example.com");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("HOME", dir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", args) + " timed out");
        }
        assertThat(process.exitValue())
                .as("git %s: %s", String.join(" ", args), output)
                .isZero();
        return output;
    }
}
