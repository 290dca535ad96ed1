package io.codexquarkus.exec.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ExecDuration;
import io.codexquarkus.agent.protocol.McpCallOutcome;
import io.codexquarkus.agent.protocol.McpInvocation;
import io.codexquarkus.common.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How {@code exec} shows MCP tool calls, against golden files under {@code src/test/resources/golden/exec/}: the human
 * lines ({@code tool server.tool(args)}, then {@code … success in <d>:} or {@code … failed in <d>:} and the first 20
 * lines of the pretty-printed result) and the JSONL {@code mcp_tool_call} item (started, then completed or failed).
 * Run with {@code -Dgolden.update=true} to rewrite the files.
 */
class McpToolCallOutputTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/exec");

    /** Three calls: a success, a result with {@code isError}, and one that returned no result (long output cut). */
    static List<Event> events() {
        McpInvocation sum = new McpInvocation("docs", "get-sum", Json.parse("{\"a\":1,\"b\":2}"));
        McpInvocation peek = new McpInvocation("docs", "peek", null);
        String lines =
                IntStream.range(0, 30).mapToObj(i -> "\"line " + i + "\"").collect(Collectors.joining(","));
        McpInvocation list = new McpInvocation("docs", "list", Json.parse("{}"));
        return List.of(
                new Event("1", new EventMsg.McpToolCallBegin("call_1", sum)),
                new Event(
                        "1",
                        new EventMsg.McpToolCallEnd(
                                "call_1",
                                sum,
                                new ExecDuration(1, 500_000_000),
                                McpCallOutcome.ok(Json.parse("{\"content\":[{\"type\":\"text\",\"text\":\"3\"}]}")))),
                new Event("1", new EventMsg.McpToolCallBegin("call_2", peek)),
                new Event(
                        "1",
                        new EventMsg.McpToolCallEnd(
                                "call_2",
                                peek,
                                new ExecDuration(0, 250_000_000),
                                McpCallOutcome.ok(Json.parse("{\"content\":[],\"structuredContent\":{\"items\":["
                                        + lines + "]},\"isError\":true}")))),
                new Event("1", new EventMsg.McpToolCallBegin("call_3", list)),
                new Event(
                        "1",
                        new EventMsg.McpToolCallEnd(
                                "call_3",
                                list,
                                new ExecDuration(60, 0),
                                McpCallOutcome.err("tool call timed out after 60s"))));
    }

    @Test
    void humanOutput() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        HumanEventPrinter printer = new HumanEventPrinter(
                new PrintWriter(out),
                new PrintWriter(err),
                new Style(false),
                true,
                false,
                new LastMessageWriter(Optional.empty()));

        events().forEach(printer::process);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .startsWith("tool docs.get-sum({\"a\":1,\"b\":2})\ndocs.get-sum({\"a\":1,\"b\":2}) success in 1.50s:\n")
                .contains(
                        "docs.peek() failed in 250ms:",
                        "docs.list({}) failed in 1m 00s:\ntool call timed out after 60s");
        assertGolden("human-mcp.stderr.txt", err.toString());
    }

    @Test
    void jsonOutput() throws IOException {
        StringWriter out = new StringWriter();
        JsonlEventPrinter printer = new JsonlEventPrinter(
                new PrintWriter(out), new PrintWriter(new StringWriter()), new LastMessageWriter(Optional.empty()));

        events().forEach(printer::process);

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(Json.parse(lines.get(0)).path("item").path("status").asText())
                .isEqualTo("in_progress");
        assertThat(Json.parse(lines.get(1)).path("item").path("status").asText())
                .isEqualTo("completed");
        assertThat(Json.parse(lines.get(3)).path("item").path("status").asText())
                .isEqualTo("failed");
        assertThat(Json.parse(lines.get(5))
                        .path("item")
                        .path("error")
                        .path("message")
                        .asText())
                .isEqualTo("tool call timed out after 60s");
        assertThat(Json.parse(lines.get(0)).path("item").path("id").asText())
                .isEqualTo(Json.parse(lines.get(1)).path("item").path("id").asText());
        assertGolden("json-mcp.stdout.jsonl", out.toString());
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
