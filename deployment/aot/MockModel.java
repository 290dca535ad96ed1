import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for an OpenAI-compatible model, and the driver of the AOT cache training runs. Run with the JDK's
 * source launcher (no build step): {@code java MockModel.java MODE ...}.
 *
 * <pre>
 * serve [PORT_FILE]                  serve on 127.0.0.1 (ephemeral port, written to PORT_FILE) until stdin closes
 * train cli|exec|mcp WORK -- CMD...   run CMD (a java command line ending in "-jar JAR") on its real workload
 *                                    against this mock, with CODEX_HOME=WORK/home and WORK/project as cwd
 * </pre>
 *
 * The model answers {@code POST .../responses} with Responses-API server-sent events and {@code POST
 * .../chat/completions} with Chat Completions chunks. What it answers depends on markers in the request body (the
 * user's prompt travels in it): {@code [[shell]]} asks for one shell call first (with whichever shell tool the
 * request offers: shell_command, exec_command, shell or local_shell) and answers with a message once the request
 * carries the call's output; {@code [[long:N]]} streams N text deltas (10,000 for {@code [[long]]}); anything else
 * gets a one-message answer. {@code GET .../models} answers an empty list; every other path 404.
 */
public final class MockModel {
    private static final Pattern LONG = Pattern.compile("\\[\\[long(?::(\\d+))?]]");
    private static final Pattern TOOL_OUTPUT =
            Pattern.compile("\"type\"\\s*:\\s*\"(?:function_call_output|custom_tool_call_output)\"|\"role\"\\s*:\\s*\"tool\"");
    private static final AtomicLong IDS = new AtomicLong();

    private MockModel() {}

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("serve")) {
            HttpServer server = start();
            int port = server.getAddress().getPort();
            if (args.length >= 2) {
                Path portFile = Path.of(args[1]);
                Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
                Files.writeString(tmp, port + "\n");
                Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            System.out.println(port);
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
            server.stop(0);
            System.exit(0);
        }
        if (args.length >= 5 && args[0].equals("train") && args[3].equals("--")) {
            System.exit(train(args[1], Path.of(args[2]), List.of(args).subList(4, args.length)));
        }
        System.err.println("usage: java MockModel.java serve [PORT_FILE] | train cli|exec|mcp WORK -- CMD...");
        System.exit(2);
    }

    static HttpServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", MockModel::handle);
        server.start();
        return server;
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (System.getenv("MOCK_MODEL_LOG") != null) {
                System.err.printf("mock-model: %s %s (%d bytes)%n", exchange.getRequestMethod(), path, body.length());
                if (System.getenv("MOCK_MODEL_LOG").equals("body")) {
                    System.err.println(body);
                }
            }
            if (exchange.getRequestMethod().equals("GET") && path.endsWith("/models")) {
                byte[] json = "{\"object\":\"list\",\"data\":[],\"models\":[]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
                return;
            }
            boolean responses = path.endsWith("/responses");
            boolean chat = path.endsWith("/chat/completions");
            if (!exchange.getRequestMethod().equals("POST") || !(responses || chat)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().add("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            Sse sse = new Sse(exchange.getResponseBody(), responses);
            Matcher longTurn = LONG.matcher(body);
            if (body.contains("[[shell]]") && !TOOL_OUTPUT.matcher(body).find()) {
                sse.shellCall(ShellTool.offered(body));
            } else if (longTurn.find()) {
                int n = longTurn.group(1) == null ? 10_000 : Integer.parseInt(longTurn.group(1));
                List<String> deltas = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    deltas.add("w" + i + " ");
                }
                sse.message(deltas);
            } else if (body.contains("[[shell]]")) {
                sse.message(List.of("The command ran", "; done."));
            } else {
                sse.message(List.of("Hello", " from the", " mock model."));
            }
            sse.finish();
        } catch (IOException | RuntimeException e) {
            System.err.println("mock-model: " + e);
        }
    }

    /** The shell tool a request offers, and the arguments that run {@code echo mock-shell} with it. */
    enum ShellTool {
        SHELL_COMMAND("shell_command", "{\"command\":\"echo mock-shell\"}"),
        EXEC_COMMAND("exec_command", "{\"cmd\":\"echo mock-shell\"}"),
        SHELL("shell", "{\"command\":[\"echo\",\"mock-shell\"]}"),
        LOCAL_SHELL("local_shell", null);

        final String name;
        final String arguments;

        ShellTool(String name, String arguments) {
            this.name = name;
            this.arguments = arguments;
        }

        static ShellTool offered(String body) {
            for (ShellTool tool : values()) {
                String quoted = "\"" + tool.name + "\"";
                if (tool == LOCAL_SHELL
                        ? body.matches("(?s).*\"type\"\\s*:\\s*" + quoted + ".*")
                        : body.matches("(?s).*\"name\"\\s*:\\s*" + quoted + ".*")) {
                    return tool;
                }
            }
            return SHELL;
        }
    }

    /** Server-sent events in either wire format, flushed in batches. */
    private static final class Sse {
        private final Writer out;
        private final boolean responses;
        private final String responseId = "resp_" + IDS.incrementAndGet();
        private int pending;

        Sse(OutputStream stream, boolean responses) throws IOException {
            this.out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            this.responses = responses;
            if (responses) {
                event("response.created", "{\"type\":\"response.created\",\"response\":{\"id\":\"" + responseId + "\"}}");
            }
        }

        void event(String type, String json) throws IOException {
            if (responses) {
                out.write("event: ");
                out.write(type);
                out.write('\n');
            }
            out.write("data: ");
            out.write(json);
            out.write("\n\n");
            if (++pending >= 64) {
                out.flush();
                pending = 0;
            }
        }

        void message(List<String> deltas) throws IOException {
            String itemId = "msg_" + IDS.incrementAndGet();
            StringBuilder full = new StringBuilder();
            boolean first = true;
            if (responses) {
                event("response.output_item.added", "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":"
                        + "{\"type\":\"message\",\"id\":\"" + itemId + "\",\"role\":\"assistant\",\"status\":\"in_progress\","
                        + "\"content\":[]}}");
            }
            for (String delta : deltas) {
                full.append(delta);
                if (responses) {
                    event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"item_id\":\"" + itemId
                            + "\",\"output_index\":0,\"content_index\":0,\"delta\":" + quote(delta) + "}");
                } else {
                    event("", "{\"id\":\"" + responseId + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{" + (first ? "\"role\":\"assistant\"," : "") + "\"content\":" + quote(delta)
                            + "},\"finish_reason\":null}]}");
                }
                first = false;
            }
            if (responses) {
                event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                        + "{\"type\":\"message\",\"id\":\"" + itemId + "\",\"role\":\"assistant\",\"status\":\"completed\","
                        + "\"content\":[{\"type\":\"output_text\",\"text\":" + quote(full.toString())
                        + ",\"annotations\":[]}]}}");
            } else {
                event("", "{\"id\":\"" + responseId + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"stop\"}]}");
            }
        }

        void shellCall(ShellTool tool) throws IOException {
            String callId = "call_" + IDS.incrementAndGet();
            if (responses && tool == ShellTool.LOCAL_SHELL) {
                event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                        + "{\"type\":\"local_shell_call\",\"id\":\"lsh_" + callId + "\",\"call_id\":\"" + callId
                        + "\",\"status\":\"completed\",\"action\":{\"type\":\"exec\",\"command\":[\"echo\",\"mock-shell\"],"
                        + "\"env\":{}}}}");
                return;
            }
            String arguments = tool.arguments == null ? ShellTool.SHELL.arguments : tool.arguments;
            String name = tool == ShellTool.LOCAL_SHELL ? "shell" : tool.name;
            if (responses) {
                event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                        + "{\"type\":\"function_call\",\"id\":\"fc_" + callId + "\",\"call_id\":\"" + callId + "\",\"name\":\""
                        + name + "\",\"arguments\":" + quote(arguments) + ",\"status\":\"completed\"}}");
            } else {
                event("", "{\"id\":\"" + responseId + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"" + callId
                        + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":"
                        + quote(arguments) + "}}]},\"finish_reason\":null}]}");
                event("", "{\"id\":\"" + responseId + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
            }
        }

        void finish() throws IOException {
            if (responses) {
                event("response.completed", "{\"type\":\"response.completed\",\"response\":{\"id\":\"" + responseId
                        + "\",\"usage\":{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":0},"
                        + "\"output_tokens\":7,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":19}}}");
            } else {
                event("", "{\"id\":\"" + responseId + "\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}");
                out.write("data: [DONE]\n\n");
            }
            out.flush();
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // AOT training: run the real command on its real workload against this mock.

    static int train(String profile, Path work, List<String> command) throws Exception {
        Thread.ofPlatform().daemon().start(() -> {
            // a training run must never hang on a stuck command
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("training: giving up after 5 minutes");
            Runtime.getRuntime().halt(124);
        });
        Path home = Files.createDirectories(work.resolve("home"));
        Path project = Files.createDirectories(work.resolve("project"));
        Files.writeString(project.resolve("README.txt"), "AOT training workspace\n");
        HttpServer server = start();
        try {
            Files.writeString(home.resolve("config.toml"), config(server.getAddress().getPort()));
            List<String> full = new ArrayList<>(command);
            switch (profile) {
                case "cli" -> full.add("--help");
                case "exec" -> full.addAll(List.of("exec", "--skip-git-repo-check", "Run a command, then summarise. [[shell]]"));
                case "mcp" -> full.add("mcp");
                default -> throw new IllegalArgumentException("unknown training profile: " + profile);
            }
            ProcessBuilder builder = new ProcessBuilder(full).directory(project.toFile());
            builder.environment().put("CODEX_HOME", home.toString());
            builder.environment().put("MOCK_API_KEY", "aot-training");
            builder.environment().put("OPENAI_API_KEY", "aot-training");
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process = builder.start();
            try {
                if (profile.equals("mcp")) {
                    driveMcp(process, project);
                } else {
                    process.getOutputStream().close();
                    process.getInputStream().transferTo(System.out);
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    System.err.println("training: the command did not exit within 120 s");
                    return 1;
                }
                // the cache is written when the JVM exits; report the workload's status
                return process.exitValue();
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            server.stop(0);
        }
    }

    static String config(int port) {
        return "model = \"mock-model\"\n"
                + "model_provider = \"mock\"\n"
                + "approval_policy = \"never\"\n"
                + "[model_providers.mock]\n"
                + "name = \"mock\"\n"
                + "base_url = \"http://127.0.0.1:" + port + "/v1\"\n"
                + "wire_api = \"responses\"\n"
                + "env_key = \"MOCK_API_KEY\"\n"
                + "request_max_retries = 0\n"
                + "stream_max_retries = 0\n";
    }

    /**
     * An MCP session: initialize, tools/list, a codex call with a shell call, a codex-reply on its thread, a plain
     * codex call, then EOF. Server requests (approvals) are approved.
     */
    static void driveMcp(Process process, Path cwd) throws Exception {
        Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{\"elicitation\":{}},\"clientInfo\":{\"name\":\"aot-training\",\"version\":\"1\"}}}");
        await(out, in, "0", deadline);
        send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        await(out, in, "1", deadline);
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"codex\",\"arguments\":"
                + "{\"prompt\":\"Run a command, then summarise. [[shell]]\",\"cwd\":" + quote(cwd.toString()) + "}}}");
        String result = await(out, in, "2", deadline);
        Matcher thread = Pattern.compile("\"threadId\"\\s*:\\s*\"([^\"]+)\"").matcher(result == null ? "" : result);
        if (thread.find()) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"codex-reply\","
                    + "\"arguments\":{\"threadId\":" + quote(thread.group(1)) + ",\"prompt\":\"Thanks.\"}}}");
            await(out, in, "3", deadline);
        }
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"codex\",\"arguments\":"
                + "{\"prompt\":\"Say hello.\"}}}");
        await(out, in, "4", deadline);
        in.close();
        out.transferTo(Writer.nullWriter());
    }

    private static void send(Writer in, String line) throws IOException {
        in.write(line);
        in.write('\n');
        in.flush();
    }

    /** Reads until the response with {@code id}, approving server requests on the way; null on EOF or timeout. */
    private static String await(BufferedReader out, Writer in, String id, long deadline) throws IOException {
        Pattern response = Pattern.compile("^\\{.*\"id\"\\s*:\\s*" + id + "\\s*[,}].*\"(result|error)\"\\s*:.*");
        Pattern request = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\".*");
        Pattern requestId = Pattern.compile("\"id\"\\s*:\\s*(\\d+|\"[^\"]*\")");
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            if (line.contains("\"method\"")) {
                Matcher method = request.matcher(line);
                Matcher rid = requestId.matcher(line);
                if (method.find() && !method.group(1).startsWith("notifications/") && !method.group(1).equals("codex/event")
                        && rid.find()) {
                    send(in, "{\"jsonrpc\":\"2.0\",\"id\":" + rid.group(1) + ",\"result\":{\"decision\":\"approved\","
                            + "\"action\":\"accept\",\"content\":{}}}");
                }
                continue;
            }
            if (response.matcher(line).matches()) {
                return line;
            }
        }
        return null;
    }
}
