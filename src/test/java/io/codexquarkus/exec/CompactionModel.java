package io.codexquarkus.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.Sse;
import io.codexquarkus.testing.MockModel;
import io.codexquarkus.testing.MockModel.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mock model speaking either wire API ({@code /v1/responses} or {@code /v1/chat/completions}), for
 * the compaction tests: scripted answers with chosen token usage, HTTP errors, and the recorded request bodies.
 */
final class CompactionModel implements AutoCloseable {
    enum Wire {
        RESPONSES,
        CHAT
    }

    private final MockModel server = MockModel.start();
    private final Wire wire;

    CompactionModel(Wire wire) {
        this.wire = wire;
    }

    void writeConfig(Path home, String extraToml) {
        String toml = """
                model = "mock-model"
                model_provider = "mock"
                %s
                [model_providers.mock]
                name = "mock"
                base_url = "http://127.0.0.1:%d/v1"
                wire_api = "%s"
                request_max_retries = 0
                stream_max_retries = 0
                """.formatted(extraToml, server.port(), wire == Wire.CHAT ? "chat" : "responses");
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("config.toml"), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Call n (from 0) gets reply n; a call past the script gets a 400 that names it. */
    void script(Reply... replies) {
        server.script(replies);
    }

    List<JsonNode> requests() {
        return server.requests().stream().map(r -> Json.parse(r.body())).toList();
    }

    /** A text answer reporting {@code totalTokens} of usage. */
    Reply answer(String text, long totalTokens) {
        String body = wire == Wire.CHAT
                ? Sse.chat(
                        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":" + Json.write(text)
                                + "}}]}",
                        "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]," + chatUsage(totalTokens)
                                + "}",
                        "[DONE]")
                : Sse.responses(
                        Sse.created("resp"),
                        Sse.textDelta(text),
                        Sse.assistantMessageDone(text),
                        completed(totalTokens));
        return sse(body);
    }

    /** A text answer followed by an {@code update_plan} call, reporting {@code totalTokens}. */
    Reply answerAndPlan(String text, String callId, long totalTokens) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", "look around");
        step.put("status", "in_progress");
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("plan", List.of(step));
        String arguments = Json.write(args);
        String body;
        if (wire == Wire.CHAT) {
            body = Sse.chat(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":" + Json.write(text)
                            + "}}]}",
                    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"" + callId
                            + "\",\"type\":\"function\",\"function\":{\"name\":\"update_plan\",\"arguments\":"
                            + Json.write(arguments) + "}}]}}]}",
                    "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}],"
                            + chatUsage(totalTokens) + "}",
                    "[DONE]");
        } else {
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("type", "function_call");
            call.put("id", "fc_" + callId);
            call.put("status", "completed");
            call.put("name", "update_plan");
            call.put("arguments", arguments);
            call.put("call_id", callId);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("type", "response.output_item.done");
            done.put("output_index", 1);
            done.put("item", call);
            body = Sse.responses(
                    Sse.created("resp"),
                    Sse.textDelta(text),
                    Sse.assistantMessageDone(text),
                    Json.write(done),
                    completed(totalTokens));
        }
        return sse(body);
    }

    /** The provider's answer to a prompt that does not fit: HTTP 400 {@code context_length_exceeded}. */
    static Reply contextExceeded() {
        return error(
                400,
                "context_length_exceeded",
                "This model's maximum context length is 1000 tokens. However, your messages resulted in 1200 tokens.");
    }

    static Reply error(int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", "invalid_request_error");
        error.put("param", "input");
        error.put("code", code);
        return new MockModel.Status(status, Json.write(Map.of("error", error)), Map.of());
    }

    private static Reply sse(String body) {
        return new MockModel.Sse(body);
    }

    private static String completed(long totalTokens) {
        long input = Math.max(0, totalTokens - 5);
        return "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp\",\"status\":\"completed\","
                + "\"usage\":{\"input_tokens\":" + input + ",\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens\":" + (totalTokens - input)
                + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":" + totalTokens + "}}}";
    }

    private static String chatUsage(long totalTokens) {
        long input = Math.max(0, totalTokens - 5);
        return "\"usage\":{\"prompt_tokens\":" + input + ",\"completion_tokens\":" + (totalTokens - input)
                + ",\"total_tokens\":" + totalTokens + "}";
    }

    /**
     * Every text a request carried, in order: the {@code input} items' text parts (Responses) or the {@code messages}'
     * contents (Chat), as {@code role: text}; tool calls as {@code call: name}.
     */
    List<String> texts(JsonNode request) {
        List<String> out = new ArrayList<>();
        if (wire == Wire.CHAT) {
            for (JsonNode message : request.path("messages")) {
                String role = message.path("role").asText();
                JsonNode content = message.path("content");
                if (content.isTextual()) {
                    out.add(role + ": " + content.asText());
                } else {
                    for (JsonNode part : content) {
                        out.add(role + ": " + part.path("text").asText());
                    }
                }
                for (JsonNode call : message.path("tool_calls")) {
                    out.add("call: " + call.path("function").path("name").asText());
                }
            }
            return out;
        }
        for (JsonNode item : request.path("input")) {
            switch (item.path("type").asText()) {
                case "message" -> {
                    for (JsonNode part : item.path("content")) {
                        out.add(item.path("role").asText() + ": "
                                + part.path("text").asText());
                    }
                }
                case "function_call" -> out.add("call: " + item.path("name").asText());
                case "function_call_output" ->
                    out.add("tool: " + item.path("output").asText());
                default -> out.add(item.path("type").asText());
            }
        }
        return out;
    }

    /** Whether the request offered any tool. */
    static boolean offersTools(JsonNode request) {
        return request.path("tools").isArray() && !request.path("tools").isEmpty();
    }

    @Override
    public void close() {
        server.close();
    }
}
