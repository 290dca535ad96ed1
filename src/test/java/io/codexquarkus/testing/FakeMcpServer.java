package io.codexquarkus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.codexquarkus.common.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A small MCP server (2025-06-18, legacy era) for the pool's tests, over stdio ({@link #main}) or Streamable HTTP
 * ({@link #http}). Tools, listed over two pages: {@code echo} (answers its arguments as text), {@code sleep} ({@code
 * ms} then an answer), {@code crash} (the process exits with status 3 at once), {@code fails} (an {@code isError}
 * result). Modes by argument: {@code silent} never answers anything; {@code spawn} first starts a {@code sleep 600}
 * child, so stopping the server must stop a tree.
 */
public final class FakeMcpServer {
    private FakeMcpServer() {}

    public static void main(String[] args) throws Exception {
        List<String> modes = List.of(args);
        if (modes.contains("spawn")) {
            new ProcessBuilder("sleep", "600").inheritIO().start();
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (modes.contains("silent")) {
                continue;
            }
            JsonNode reply = handle(Json.parse(line));
            if (reply != null) {
                out.println(Json.write(reply));
            }
        }
    }

    /** The reply to one message, or null for a notification. */
    public static JsonNode handle(JsonNode message) throws InterruptedException {
        if (!message.has("id") || !message.has("method")) {
            return null;
        }
        ObjectNode reply = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", message.get("id"));
        JsonNode params = message.path("params");
        Object result = switch (message.get("method").asText()) {
            case "initialize" ->
                Map.of(
                        "protocolVersion", "2025-06-18",
                        "capabilities", Map.of("tools", Map.of()),
                        "serverInfo", Map.of("name", "fake", "version", "1"));
            case "tools/list" ->
                params.path("cursor").asText().equals("2")
                        ? Map.of("tools", List.of(tool("echo"), tool("fails")))
                        : Map.of("tools", List.of(tool("crash"), tool("sleep")), "nextCursor", "2");
            case "tools/call" -> call(params.path("name").asText(), params.path("arguments"));
            default -> null;
        };
        if (result == null) {
            reply.set("error", Json.tree(Map.of("code", -32601, "message", "no such method")));
        } else {
            reply.set("result", Json.tree(result));
        }
        return reply;
    }

    private static Map<String, Object> tool(String name) {
        return Map.of(
                "name",
                name,
                "description",
                "the " + name + " tool",
                "inputSchema",
                Map.of("type", "object", "properties", Map.of("ms", Map.of("type", "integer"))),
                "annotations",
                Map.of("readOnlyHint", true));
    }

    private static Object call(String name, JsonNode arguments) throws InterruptedException {
        switch (name) {
            case "crash" -> Runtime.getRuntime().halt(3);
            case "sleep" -> Thread.sleep(arguments.path("ms").asLong(0));
            default -> {}
        }
        String text = name.equals("echo") ? "echo " + Json.write(arguments) : name + " done";
        return Map.of(
                "content",
                List.of(Map.of("type", "text", "text", text)),
                "isError",
                name.equals("fails"),
                "structuredContent",
                Map.of("tool", name));
    }

    /** The same server as a Streamable HTTP endpoint (JSON responses) on loopback. */
    public static LoopbackMcpEndpoint http() throws IOException {
        return LoopbackMcpEndpoint.start(FakeMcpServer::serve);
    }

    private static void serve(HttpExchange exchange) throws IOException, InterruptedException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("DELETE") ? 200 : 405, -1);
            return;
        }
        JsonNode reply =
                handle(Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        exchange.getResponseHeaders().add("Mcp-Session-Id", "fake-session");
        if (reply == null) {
            exchange.sendResponseHeaders(202, -1);
            return;
        }
        byte[] body = Json.write(reply).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
