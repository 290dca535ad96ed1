package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.Sse;
import io.codexquarkus.sandbox.linux.LinuxCapabilities;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.MockModelServer;
import io.codexquarkus.testing.ResponsesSse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's escape suite through a model-run turn, as the invoking user and (from root) as uid 65534: {@code codex-quarkus mcp} as a real process, a mock model that in
 * one turn (approval {@code never}, workspace-write) links a directory outside into the workspace with {@code ln -s},
 * adds {@code l/marker.txt} through the link with {@code apply_patch}, writes through the link from the shell and
 * kills a process the test started. Judged from outside: the link exists (the model's command ran), nothing appeared
 * in the outside directory, the victim is alive.
 */
class EscapeMcpIT {
    @TempDir
    Path stage;

    @BeforeAll
    static void requireLinuxSandbox() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "skipped: needs Linux");
        LinuxCapabilities caps = LinuxCapabilities.probe();
        if (!caps.usable()) {
            System.err.println("escape suite (mcp) skipped: " + caps.missing());
        }
        // on Linux the suite must run: a host without Landlock or seccomp fails it instead of skipping it
        org.junit.jupiter.api.Assertions.assertTrue(
                caps.usable(), () -> "the sandbox is not usable here: " + caps.missing());
    }

    private static final String ADD_MARKER = """
            *** Begin Patch
            *** Add File: l/marker.txt
            +planted
            *** End Patch
            """;

    /** The model calls the freeform {@code apply_patch} tool with {@code patch}. */
    private static String applyPatch(String callId, String patch) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("type", "custom_tool_call");
        item.put("id", "ctc_" + callId);
        item.put("status", "completed");
        item.put("call_id", callId);
        item.put("name", "apply_patch");
        item.put("input", patch);
        ObjectNode done = Json.MAPPER.createObjectNode();
        done.put("type", "response.output_item.done");
        done.put("output_index", 0);
        done.set("item", item);
        String id = "resp_" + callId;
        return Sse.responses(Sse.created(id), Json.write(done), Sse.completed(id));
    }

    /** The text the tool call {@code callId} returned to the model, from the request that carried it. */
    private static String output(List<JsonNode> requests, String callId) {
        for (JsonNode request : requests) {
            for (JsonNode item : request.path("input")) {
                if (item.path("type").asText().endsWith("call_output")
                        && callId.equals(item.path("call_id").asText())) {
                    JsonNode output = item.path("output");
                    return output.isTextual() ? output.asText() : output.toString();
                }
            }
        }
        return "(no output for " + callId + ")";
    }

    @Test
    void aModelRunTurnAsTheInvokingUser() throws Exception {
        EscapeScripts programs = EscapeScripts.stage(Files.createDirectories(stage.resolve("scripts")));
        turn(EscapeUser.current(), programs);
    }

    @Test
    void aModelRunTurnAsAnUnprivilegedUser() throws Exception {
        if (EscapeUser.currentUid() != 0) {
            System.err.println("escape suite (mcp): no run as uid " + EscapeUser.NOBODY + ": the tests run as uid "
                    + EscapeUser.currentUid() + " (already unprivileged), which cannot switch users");
            return;
        }
        // the user must reach the scripts, its home and its workspace under this test directory
        Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
        EscapeScripts programs = EscapeScripts.stage(Files.createDirectories(stage.resolve("scripts")));
        StringBuilder why = new StringBuilder();
        EscapeScripts reachable = programs.reachableBy(EscapeUser.nobody(), stage, why);
        if (reachable == null) {
            System.err.println("escape suite (mcp): no run as uid " + EscapeUser.NOBODY + ": " + why);
            return;
        }
        turn(EscapeUser.nobody(), reachable);
    }

    /** {@code codex-quarkus mcp} as {@code user}, started the way {@link io.codexquarkus.testing.McpServerProcess} starts it. */
    private record Server(Process process, McpTestClient client, Path stderr) implements AutoCloseable {
        static Server start(EscapeUser user, EscapeScripts programs, Path home, Path work) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(
                            user.wrap(List.of(programs.launcher().toString(), "mcp")))
                    .directory(work.toFile());
            EscapeWorld.environment(builder.environment(), home, programs.jar());
            builder.environment().remove("OPENAI_API_KEY");
            Path stderr = home.resolveSibling("mcp-stderr-" + user.uid() + ".log");
            builder.redirectError(stderr.toFile());
            Process process = builder.start();
            return new Server(process, new McpTestClient(process.getOutputStream(), process.getInputStream()), stderr);
        }

        String transcript() throws IOException {
            return "--- seen ---\n" + client.dump() + "--- stderr ---\n"
                    + (Files.exists(stderr) ? Files.readString(stderr) : "");
        }

        @Override
        public void close() {
            client.closeInput();
            try {
                if (process.waitFor(10, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void turn(EscapeUser user, EscapeScripts programs) throws Exception {
        Path home = Files.createDirectories(stage.resolve("home-" + user.uid()));
        Path work = Files.createDirectories(stage.resolve("work-" + user.uid()));
        Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path dir : List.of(home, work)) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path outside = EscapeWorld.outsideReachableBy(user);
        Process victim = new ProcessBuilder(user.wrap(List.of("sleep", "300")))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long started = System.nanoTime();
        try (MockModelServer model = MockModelServer.start()) {
            model.writeConfig(home, "never", "workspace-write", "");
            user.own(home, home.resolve("config.toml"), work);
            model.script(
                    ResponsesSse.shell("call_ln", List.of("ln", "-s", outside.toString(), "l"), null, 30_000),
                    applyPatch("call_patch", ADD_MARKER),
                    ResponsesSse.shell(
                            "call_write", List.of("sh", "-c", "echo escaped > l/shell-marker.txt"), null, 30_000),
                    ResponsesSse.shell("call_kill", List.of("kill", "-9", String.valueOf(victim.pid())), null, 30_000),
                    ResponsesSse.message("Done."));
            try (Server server = Server.start(user, programs, home, work)) {
                McpTestClient client = server.client();
                client.initialize(true);
                ObjectNode params = Json.MAPPER.createObjectNode().put("name", "codex");
                params.putObject("arguments").put("prompt", "plant the marker").put("cwd", work.toString());
                int id = client.request("tools/call", params);
                JsonNode response =
                        client.readUntil(m -> !m.has("method") && m.path("id").asInt(-1) == id, Duration.ofSeconds(90));
                assertThat(response.path("result")
                                .path("content")
                                .path(0)
                                .path("text")
                                .asText())
                        .as(server.transcript())
                        .isEqualTo("Done.");
            }
            List<JsonNode> requests = model.requests();
            String transcript = "ln: " + output(requests, "call_ln") + "\napply_patch: "
                    + output(requests, "call_patch") + "\nwrite: " + output(requests, "call_write") + "\nkill: "
                    + output(requests, "call_kill");
            List<String> listing;
            try (Stream<Path> files = Files.list(outside)) {
                listing = new ArrayList<>(
                        files.map(p -> p.getFileName().toString()).toList());
            }
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(requests).as(transcript).hasSize(5);
            soft.assertThat(work.resolve("l"))
                    .as("the model's link, made inside")
                    .isSymbolicLink();
            soft.assertThat(Files.readSymbolicLink(work.resolve("l"))).isEqualTo(outside);
            soft.assertThat(listing)
                    .as("outside directory after the turn\n" + transcript)
                    .isEmpty();
            soft.assertThat(victim.isAlive()).as("victim alive\n" + transcript).isTrue();
            soft.assertAll();
            System.err.printf(
                    "escape suite: ran a model turn over mcp as %s (ln -s, apply_patch through the link, a write"
                            + " through it, kill): nothing got out (%d ms)%n%s%n",
                    user.label(), (System.nanoTime() - started) / 1_000_000, transcript.indent(2));
        } finally {
            victim.destroyForcibly();
            victim.waitFor(5, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(outside)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
