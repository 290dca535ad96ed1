package io.codexquarkus.testing;

import com.sun.net.httpserver.HttpExchange;
import io.codexquarkus.testing.MockModel.Request;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link MockModel.Markers}: what the model answers, chosen by markers in the request body. */
final class MockModelMarkers {
    private static final Pattern LONG = Pattern.compile("\\[\\[long(?::(\\d+))?]]");
    private static final Pattern HOLD = Pattern.compile("\\[mock: hold (\\d+) ms]");
    private static final Pattern SHELL_RUNS = Pattern.compile("\\[mock: shell (\\d+) ([^\\]]+)]");
    private static final Pattern CALL = Pattern.compile("\\[mock: call (\\w+) (\\w+)((?: [^\\]\\s=]+=[^\\]\\s]*)*)]");
    private static final Pattern TOOL_OUTPUT = Pattern.compile(
            "\"type\"\\s*:\\s*\"(?:function_call_output|custom_tool_call_output)\"|\"role\"\\s*:\\s*\"tool\"");
    private static final Pattern FUNCTION_OUTPUT = Pattern.compile("\"type\"\\s*:\\s*\"function_call_output\"");
    private static final Pattern OUTPUT_STRING = Pattern.compile("\"output\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern TOOL_MESSAGE = Pattern.compile("\"role\"\\s*:\\s*\"tool\"");
    private static final Pattern CONTENT_STRING = Pattern.compile("\"content\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final AtomicLong IDS = new AtomicLong();

    private MockModelMarkers() {}

    static void answer(HttpExchange exchange, Request request, String answer) throws IOException, InterruptedException {
        String body = request.body();
        Matcher hold = HOLD.matcher(body);
        if (hold.find()) {
            Thread.sleep(Long.parseLong(hold.group(1)));
        }
        boolean responses = !exchange.getRequestURI().getPath().endsWith("/chat/completions");
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        Sse sse = new Sse(exchange.getResponseBody(), responses);
        Matcher runs = SHELL_RUNS.matcher(body);
        Matcher longTurn = LONG.matcher(body);
        Matcher call = CALL.matcher(body);
        if (call.find()) {
            if (TOOL_OUTPUT.matcher(body).find()) {
                sse.message(List.of("tool outputs: [" + String.join(", ", toolOutputs(body)) + "]"));
            } else {
                sse.namespacedCall(call.group(1), call.group(2), arguments(call.group(3)));
            }
        } else if (runs.find()) {
            List<String> outputs = functionOutputs(body);
            if (outputs.size() < Integer.parseInt(runs.group(1))) {
                sse.shellCall("shell", argv(runs.group(2)));
            } else {
                sse.message(List.of("tool outputs: [" + String.join(", ", outputs) + "]"));
            }
        } else if (body.contains("[[shell]]") && !TOOL_OUTPUT.matcher(body).find()) {
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
        } else if (answer != null) {
            sse.message(List.of(answer.replace("{wire}", responses ? "responses" : "chat")));
        } else {
            sse.message(List.of("Hello", " from the", " mock model."));
        }
        sse.finish();
    }

    /** The {@code shell} tool's arguments for {@code words} (split on spaces), with a 10 s timeout. */
    private static String argv(String words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words.trim().split(" +", -1)) {
            quoted.add(MockModel.quote(word));
        }
        return "{\"command\":[" + String.join(",", quoted) + "],\"timeout_ms\":10000}";
    }

    /** {@code {"k":v,...}} for {@code " k=v k=v"}: a value that is an integer stays a number, anything else a string. */
    private static String arguments(String pairs) {
        List<String> members = new ArrayList<>();
        for (String pair : pairs.trim().split(" +", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String value = pair.substring(eq + 1);
            members.add(quote(pair.substring(0, eq)) + ":" + (value.matches("-?\\d{1,15}") ? value : quote(value)));
        }
        return "{" + String.join(",", members) + "}";
    }

    /** The request's tool outputs as JSON literals: Responses' {@code function_call_output}s, Chat's tool messages. */
    private static List<String> toolOutputs(String body) {
        List<String> outputs = functionOutputs(body);
        Matcher message = TOOL_MESSAGE.matcher(body);
        while (message.find()) {
            Matcher content = CONTENT_STRING.matcher(body);
            if (content.find(message.end())) {
                outputs.add(content.group(1));
            }
        }
        return outputs;
    }

    /** The {@code output} strings of the request's {@code function_call_output} items, as JSON literals. */
    private static List<String> functionOutputs(String body) {
        List<String> outputs = new ArrayList<>();
        Matcher item = FUNCTION_OUTPUT.matcher(body);
        while (item.find()) {
            Matcher output = OUTPUT_STRING.matcher(body);
            if (output.find(item.end())) {
                outputs.add(output.group(1));
            }
        }
        return outputs;
    }

    static String quote(String s) {
        return MockModel.quote(s);
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
            this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
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
            if (responses && tool == ShellTool.LOCAL_SHELL) {
                String callId = "call_" + IDS.incrementAndGet();
                event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                        + "{\"type\":\"local_shell_call\",\"id\":\"lsh_" + callId + "\",\"call_id\":\"" + callId
                        + "\",\"status\":\"completed\",\"action\":{\"type\":\"exec\",\"command\":[\"echo\",\"mock-shell\"],"
                        + "\"env\":{}}}}");
                return;
            }
            String arguments = tool.arguments == null ? ShellTool.SHELL.arguments : tool.arguments;
            shellCall(tool == ShellTool.LOCAL_SHELL ? "shell" : tool.name, arguments);
        }

        /**
         * A call of function {@code name} of the namespace tool {@code namespace} (an MCP server's tool): on Responses
         * a {@code function_call} with {@code namespace}, on Chat the flat {@code <namespace>__<name>}.
         */
        void namespacedCall(String namespace, String name, String arguments) throws IOException {
            functionCall(namespace, name, arguments);
        }

        void shellCall(String name, String arguments) throws IOException {
            functionCall(null, name, arguments);
        }

        /** A function call; {@code namespace} (nullable) names the namespace tool holding the function. */
        private void functionCall(String namespace, String name, String arguments) throws IOException {
            String callId = "call_" + IDS.incrementAndGet();
            if (responses) {
                event("response.output_item.done", "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":"
                        + "{\"type\":\"function_call\",\"id\":\"fc_" + callId + "\",\"call_id\":\"" + callId + "\","
                        + (namespace == null ? "" : "\"namespace\":\"" + namespace + "\",") + "\"name\":\""
                        + name + "\",\"arguments\":" + quote(arguments) + ",\"status\":\"completed\"}}");
            } else {
                String flat = namespace == null ? name : namespace + "__" + name; // Chat has no namespaces
                event("", "{\"id\":\"" + responseId + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"" + callId
                        + "\",\"type\":\"function\",\"function\":{\"name\":\"" + flat + "\",\"arguments\":"
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
}
