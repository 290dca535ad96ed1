package io.codexquarkus.tools.mcp;

import static io.codexquarkus.testing.MockModelServer.answer;
import static io.codexquarkus.testing.MockModelServer.items;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.Launcher.Result;
import io.codexquarkus.testing.MockModelServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user runs it: {@code codex-quarkus exec} with an {@code [mcp_servers]} entry that is another
 * {@code codex-quarkus mcp} (an agent delegating to an agent). The outer model calls the inner server's {@code codex}
 * tool through the {@code mcp__inner} namespace, the inner agent answers from the same mock model, and its answer
 * reaches the outer model's next request; no server process is left afterwards.
 */
class McpServersExecIT {
    @RegisterExtension
    static final MockModelServer model = MockModelServer.perClass();

    @TempDir
    Path outerHome;

    @TempDir
    Path innerHome;

    @TempDir
    Path work;

    /** A {@code function_call} of {@code name} inside the namespace tool {@code namespace}, as the Responses API sends it. */
    private static String namespacedCall(String callId, String namespace, String name, Map<String, Object> arguments) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "function_call");
        item.put("id", "fc_" + callId);
        item.put("status", "completed");
        item.put("namespace", namespace);
        item.put("name", name);
        item.put("arguments", Json.write(arguments));
        item.put("call_id", callId);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "response.output_item.done");
        event.put("output_index", 0);
        event.put("item", item);
        return Json.write(event);
    }

    @Test
    void theOuterModelCallsTheInnerAgentAndReadsItsAnswer() throws Exception {
        model.reset();
        model.writeConfig(innerHome, "never", "read-only", "");
        Map<String, String> innerEnv = new LinkedHashMap<>();
        innerEnv.put("CODEX_HOME", innerHome.toString());
        Launcher.baseEnvironment(innerEnv); // the JDK and the jar the launcher needs (servers get a minimal env)
        // a cache, if fresh, but no background training: its detached process would carry the inner home and be
        // taken for a server left running
        innerEnv.put("CODEX_QUARKUS_AOT", "use");
        StringBuilder env = new StringBuilder();
        innerEnv.forEach((k, v) ->
                env.append(env.isEmpty() ? "" : ", ").append(k).append(" = ").append(quote(v)));
        model.writeConfig(
                outerHome,
                "[mcp_servers.inner]\ncommand = " + quote(Launcher.launcher().toString())
                        + "\nargs = [\"mcp\"]\nenv = { " + env + " }\nstartup_timeout_sec = 60\n");
        model.script(
                items("resp_1", namespacedCall("call_1", "mcp__inner", "codex", Map.of("prompt", "hello inner"))),
                answer("resp_inner", "the inner agent says hi"),
                answer("resp_2", "outer done"));

        // danger-full-access: under `never` a tool that declares itself destructive (codex does) runs only there
        Result result = Launcher.run(
                work,
                Map.of(CodexHome.ENV, outerHome.toString(), "NO_COLOR", "1"),
                null,
                "exec",
                "--skip-git-repo-check",
                "-s",
                "danger-full-access",
                "delegate to the inner agent");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("outer done\n");
        assertThat(result.stderr()).contains("tool inner.codex(").contains("inner.codex(");
        List<JsonNode> requests = model.requests();
        assertThat(requests).hasSize(3);
        JsonNode offered = requests.get(0).path("tools");
        assertThat(offered.toString()).contains("\"type\":\"namespace\"").contains("\"name\":\"mcp__inner\"");
        assertThat(requests.get(1).toString()).contains("hello inner");
        JsonNode output = Json.MAPPER.createArrayNode();
        for (JsonNode item : requests.get(2).path("input")) {
            if ("function_call_output".equals(item.path("type").asText())) {
                output = item;
            }
        }
        assertThat(output.path("call_id").asText()).isEqualTo("call_1");
        assertThat(output.path("output").asText()).contains("the inner agent says hi");
        assertThat(innerServersAlive(Duration.ofSeconds(10)))
                .as("inner servers left running")
                .isEmpty();
    }

    /** Processes whose environment names the inner home, after waiting (bounded) for them to go. */
    private List<Long> innerServersAlive(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> alive;
        do {
            alive = withInnerHome();
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return alive;
    }

    private List<Long> withInnerHome() {
        byte[] marker = ("CODEX_HOME=" + innerHome).getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> contains(p.resolve("environ"), marker))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(Path file, byte[] marker) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + marker.length <= bytes.length; i++) {
                for (int j = 0; j < marker.length; j++) {
                    if (bytes[i + j] != marker[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false; // gone, or not ours to read
        }
    }

    private static String quote(String value) {
        return Json.write(value);
    }
}
