package io.codexquarkus.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.codexquarkus.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small 2026-07-28-only MCP server over stdio for the pool's tests: it answers {@code server/discover}, refuses
 * {@code initialize} with -32022, and lists over two pages the tools {@code echo} (its arguments as text), {@code
 * sleep} (never answers), {@code ask} (answers {@code input_required}: it wants elicitation), {@code task} (answers
 * {@code resultType: task}) and {@code crash} (exits with status 3). One message at a time, like a simple server. Over
 * stdio ({@link #main}) or Streamable HTTP ({@link #http}).
 */
public final class FakeModernMcpServer {
    private static final Map<String, Object> META =
            Map.of("io.modelcontextprotocol/serverInfo", Map.of("name", "fake-modern", "version", "1"));

    private FakeModernMcpServer() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode message = Json.parse(line);
            if (!message.has("id") || !message.has("method")) {
                continue;
            }
            JsonNode reply = handle(message);
            if (reply != null) {
                out.println(Json.write(reply));
            }
        }
    }

    /** The same server as a Streamable HTTP endpoint (JSON responses) on loopback. */
    public static LoopbackMcpEndpoint http() throws IOException {
        return LoopbackMcpEndpoint.start(FakeModernMcpServer::serve);
    }

    private static void serve(HttpExchange exchange) throws IOException, InterruptedException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        JsonNode message = Json.parse(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
        JsonNode reply = message.has("id") && message.has("method") ? handle(message) : null;
        if (reply == null) {
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        byte[] body = Json.write(reply).getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static JsonNode handle(JsonNode message) {
        ObjectNode reply = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", message.get("id"));
        JsonNode params = message.path("params");
        Map<String, Object> result = new HashMap<>();
        result.put("resultType", "complete");
        result.put("_meta", META);
        switch (message.get("method").asText()) {
            case "server/discover" -> {
                result.put("supportedVersions", List.of("2026-07-28"));
                result.put("capabilities", Map.of("tools", Map.of()));
                result.put("serverInfo", Map.of("name", "fake-modern", "version", "1"));
                result.put("ttlMs", 60_000);
                result.put("cacheScope", "public");
            }
            case "tools/list" -> {
                boolean second = params.path("cursor").asText().equals("2");
                result.put(
                        "tools",
                        second
                                ? List.of(tool("echo"), tool("sleep"), tool("task"))
                                : List.of(tool("ask"), tool("crash")));
                if (!second) {
                    result.put("nextCursor", "2");
                }
                result.put("ttlMs", 60_000);
                result.put("cacheScope", "public");
            }
            case "tools/call" -> {
                switch (params.path("name").asText()) {
                    case "echo" -> {
                        result.put(
                                "content",
                                List.of(Map.of(
                                        "type", "text", "text", "echo " + Json.write(params.path("arguments")))));
                        result.put("structuredContent", Map.of("tool", "echo"));
                        result.put("isError", false);
                    }
                    case "sleep" -> {
                        return null;
                    }
                    case "crash" -> Runtime.getRuntime().halt(3);
                    case "ask" -> {
                        result.put("resultType", "input_required");
                        result.put(
                                "inputRequests",
                                Map.of(
                                        "approve",
                                        Map.of(
                                                "method",
                                                "elicitation/create",
                                                "params",
                                                Map.of(
                                                        "mode",
                                                        "form",
                                                        "message",
                                                        "Run it?",
                                                        "requestedSchema",
                                                        Map.of("type", "object", "properties", Map.of())))));
                        result.put("requestState", "turn-1");
                    }
                    case "task" -> {
                        result.put("resultType", "task");
                        result.put(
                                "task",
                                Map.of(
                                        "taskId",
                                        "task-1",
                                        "status",
                                        "working",
                                        "createdAt",
                                        "2026-12-06T00:00:00Z",
                                        "lastUpdatedAt",
                                        "2026-12-06T00:00:00Z",
                                        "ttl",
                                        60_000));
                    }
                    default -> {
                        return error(reply, -32602, "unknown tool");
                    }
                }
            }
            case "initialize" ->
                reply.set(
                        "error",
                        Json.tree(Map.of(
                                "code",
                                -32022,
                                "message",
                                "unsupported protocol version",
                                "data",
                                Map.of("supported", List.of("2026-07-28")))));
            default -> {
                return error(reply, -32601, "no such method");
            }
        }
        if (!reply.has("error")) {
            reply.set("result", Json.tree(result));
        }
        return reply;
    }

    private static JsonNode error(ObjectNode reply, int code, String text) {
        reply.set("error", Json.tree(Map.of("code", code, "message", text)));
        return reply;
    }

    private static Map<String, Object> tool(String name) {
        return Map.of(
                "name",
                name,
                "description",
                "the " + name + " tool",
                "inputSchema",
                Map.of("type", "object", "properties", Map.of("a", Map.of("type", "integer"))),
                "annotations",
                Map.of("readOnlyHint", true));
    }
}
