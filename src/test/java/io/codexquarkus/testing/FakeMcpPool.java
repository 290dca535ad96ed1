package io.codexquarkus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.common.Json;
import io.codexquarkus.tools.mcp.McpServerPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An {@link McpServerPool} without servers behind it: the tools it was given (with {@code enabled_tools} /
 * {@code disabled_tools} applied per server, as the real pool does), scripted answers per {@code server/tool}, a record
 * of every call, and a count of {@link #close()}.
 */
public final class FakeMcpPool implements McpServerPool {
    /** One call the pool received. */
    public record Call(String server, String tool, JsonNode arguments) {}

    private final List<McpTool> tools;
    private final List<McpServerFailure> failures;
    private final Map<String, Function<JsonNode, McpCallResult>> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger closed = new AtomicInteger();

    public FakeMcpPool(List<McpTool> tools, List<McpServerFailure> failures) {
        this.tools = List.copyOf(tools);
        this.failures = List.copyOf(failures);
    }

    /** The tools of {@code server} that {@code enabled} (null: all) and {@code disabled} leave. */
    public static List<McpTool> filter(List<McpTool> tools, List<String> enabled, List<String> disabled) {
        return tools.stream()
                .filter(t -> enabled == null || enabled.contains(t.name()))
                .filter(t -> !disabled.contains(t.name()))
                .toList();
    }

    /** A tool with a schema given as JSON text and annotations (JSON text or null). */
    public static McpTool tool(String server, String name, String description, String schema, String annotations) {
        return new McpTool(
                server,
                name,
                null,
                description,
                Json.parse(schema),
                annotations == null ? null : Json.parse(annotations));
    }

    public FakeMcpPool answer(String server, String tool, Function<JsonNode, McpCallResult> answer) {
        answers.put(server + "/" + tool, answer);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public int closedCount() {
        return closed.get();
    }

    @Override
    public List<McpTool> tools() {
        return tools;
    }

    @Override
    public List<McpServerFailure> failures() {
        return failures;
    }

    @Override
    public McpCallResult call(String server, String tool, JsonNode arguments, Cancellation cancellation) {
        calls.add(new Call(server, tool, arguments));
        Function<JsonNode, McpCallResult> answer = answers.get(server + "/" + tool);
        return answer == null
                ? new McpCallResult.Err("no answer scripted for " + server + "/" + tool)
                : answer.apply(arguments);
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }
}
