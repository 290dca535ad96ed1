package io.codexquarkus.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.Sse;
import io.codexquarkus.sandbox.linux.LinuxCapabilities;
import io.codexquarkus.testing.McpServerProcess;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.OutsideDirectory;
import io.codexquarkus.testing.ResponsesSse;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Issue 13's escape suite through a model-run turn: {@code codex-quarkus mcp} as a real process, a mock model that in
 * one turn (approval {@code never}, workspace-write) links a directory outside into the workspace with {@code ln -s},
 * adds {@code l/marker.txt} through the link with {@code apply_patch}, writes through the link from the shell and
 * kills a process the test started. Judged from outside: the link exists (the model's command ran), nothing appeared
 * in the outside directory, the victim is alive.
 */
class EscapeMcpIT {
    @TempDir
    Path home;

    @TempDir
    Path work;

    @BeforeAll
    static void requireLinuxSandbox() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "skipped: needs Linux");
        LinuxCapabilities caps = LinuxCapabilities.probe();
        if (!caps.usable()) {
            System.err.println("escape suite (mcp) skipped: " + caps.missing());
        }
        Assumptions.assumeTrue(caps.usable(), () -> "skipped: " + caps.missing());
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
    void aModelRunTurnCannotPlantOutsideThroughALinkItMadeNorKill() throws Exception {
        Path outside = OutsideDirectory.create("escape-mcp-");
        Process victim = new ProcessBuilder("sleep", "300")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long started = System.nanoTime();
        try (MockModel model = new MockModel()) {
            model.writeConfig(home, "never", "workspace-write", "");
            model.script(
                    ResponsesSse.shell("call_ln", List.of("ln", "-s", outside.toString(), "l"), null, 30_000),
                    applyPatch("call_patch", ADD_MARKER),
                    ResponsesSse.shell(
                            "call_write", List.of("sh", "-c", "echo escaped > l/shell-marker.txt"), null, 30_000),
                    ResponsesSse.shell("call_kill", List.of("kill", "-9", String.valueOf(victim.pid())), null, 30_000),
                    ResponsesSse.message("Done."));
            try (McpServerProcess server = McpServerProcess.start(home, work)) {
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
                    EscapeUser.current().label(), (System.nanoTime() - started) / 1_000_000, transcript.indent(2));
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
