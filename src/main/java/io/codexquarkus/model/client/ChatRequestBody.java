package io.codexquarkus.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseItem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code POST /chat/completions} body, as upstream Codex builds it for providers on the Chat Completions wire: {@code model}, {@code messages} (system instructions,
 * then the history as chat messages), {@code stream: true}, and the function tools in Chat form. A message is a plain
 * string, or a list of {@code text} and {@code image_url} parts when it carries an image. Reasoning,
 * web-search and unknown items are left out, except that raw reasoning after the last user message travels on the
 * adjacent assistant message as {@code "reasoning"}.
 */
final class ChatRequestBody {
    private ChatRequestBody() {}

    static ObjectNode build(ModelRequest request) {
        Prompt prompt = request.prompt();
        if (prompt.outputSchema().isPresent()) {
            throw new ModelFailureException(
                    ModelError.Kind.OTHER, "output_schema is not supported for Chat Completions API");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", request.model());
        body.set("messages", messages(prompt));
        body.put("stream", true);
        ArrayNode tools = body.putArray("tools");
        for (JsonNode tool : prompt.tools()) {
            if ("function".equals(tool.path("type").asText()) && tool instanceof ObjectNode spec) {
                ObjectNode function = spec.deepCopy();
                function.remove("type");
                ObjectNode wrapped = tools.addObject();
                wrapped.put("type", "function");
                wrapped.set("function", function);
            }
        }
        return body;
    }

    private static ArrayNode messages(Prompt prompt) {
        ArrayNode messages = Json.MAPPER.createArrayNode();
        ObjectNode system = messages.addObject();
        system.put("role", "system");
        system.put("content", prompt.instructions());

        List<ResponseItem> input = prompt.input();
        Map<Integer, String> reasoning = reasoningAnchors(input);
        String previousAssistantText = null;
        for (int i = 0; i < input.size(); i++) {
            ResponseItem item = input.get(i);
            ObjectNode message;
            switch (item) {
                case ResponseItem.Message m -> {
                    String text = text(m.content());
                    if ("assistant".equals(m.role()) && text.equals(previousAssistantText)) {
                        continue;
                    }
                    message = Json.MAPPER.createObjectNode();
                    message.put("role", m.role());
                    if (m.content().stream().anyMatch(ContentItem.InputImage.class::isInstance)) {
                        message.set("content", parts(m.content()));
                    } else {
                        message.put("content", text);
                    }
                }
                case ResponseItem.FunctionCall c ->
                    message = assistantToolCall(c.callId(), "function", call -> {
                        ObjectNode function = call.putObject("function");
                        // Chat has no namespaces: a namespaced call goes back under its flat name
                        function.put("name", c.namespace() == null ? c.name() : c.namespace() + "__" + c.name());
                        function.put("arguments", c.arguments());
                    });
                case ResponseItem.LocalShellCall c ->
                    message = assistantToolCall(c.id() == null ? "" : c.id(), "local_shell_call", call -> {
                        call.put("status", c.status());
                        call.set("action", Json.MAPPER.valueToTree(c.action()));
                    });
                case ResponseItem.CustomToolCall c ->
                    message = assistantToolCall(c.callId(), "custom", call -> {
                        ObjectNode custom = call.putObject("custom");
                        custom.put("name", c.name());
                        custom.put("input", c.input());
                    });
                case ResponseItem.FunctionCallOutput o -> message = toolResult(o.callId(), o.output());
                case ResponseItem.CustomToolCallOutput o -> message = toolResult(o.callId(), o.output());
                case ResponseItem.Reasoning _ -> {
                    continue;
                }
                case ResponseItem.WebSearchCall _ -> {
                    continue;
                }
                case ResponseItem.Other _ -> {
                    continue;
                }
            }
            String attached = reasoning.get(i);
            if (attached != null) {
                message.put("reasoning", attached);
            }
            previousAssistantText =
                    item instanceof ResponseItem.Message m && "assistant".equals(m.role()) ? text(m.content()) : null;
            messages.add(message);
        }
        return messages;
    }

    /** An assistant message carrying one tool call: {@code id} and {@code type} first, then what {@code body} adds. */
    private static ObjectNode assistantToolCall(String id, String type, Consumer<ObjectNode> body) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("role", "assistant");
        message.putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject();
        call.put("id", id);
        call.put("type", type);
        body.accept(call);
        return message;
    }

    private static ObjectNode toolResult(String callId, String output) {
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("role", "tool");
        message.put("tool_call_id", callId);
        message.put("content", output);
        return message;
    }

    private static String text(List<ContentItem> content) {
        StringBuilder text = new StringBuilder();
        for (ContentItem part : content) {
            switch (part) {
                case ContentItem.InputText t -> text.append(t.text());
                case ContentItem.OutputText t -> text.append(t.text());
                case ContentItem.InputImage _ -> {
                    // carried by parts(…), and never part of the text de-duplication compares
                }
            }
        }
        return text.toString();
    }

    /**
     * The content of a message with images, as Chat Completions parts: {@code {"type":"text","text":…}} and {@code
     * {"type":"image_url","image_url":{"url":<data URL>}}}, in the message's order.
     */
    private static ArrayNode parts(List<ContentItem> content) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (ContentItem part : content) {
            switch (part) {
                case ContentItem.InputText t ->
                    parts.addObject().put("type", "text").put("text", t.text());
                case ContentItem.OutputText t ->
                    parts.addObject().put("type", "text").put("text", t.text());
                case ContentItem.InputImage image -> {
                    ObjectNode node = parts.addObject().put("type", "image_url");
                    node.putObject("image_url").put("url", image.imageUrl());
                }
            }
        }
        return parts;
    }

    /**
     * Raw reasoning that follows the last user message, keyed by the index of the item it rides on: the assistant
     * message right before it (a finished answer), else the assistant message or tool call right after it. Nothing is
     * attached when the conversation ends with a user message.
     */
    static Map<Integer, String> reasoningAnchors(List<ResponseItem> input) {
        Map<Integer, String> anchors = new HashMap<>();
        String lastRole = null;
        int lastUser = -1;
        for (int i = 0; i < input.size(); i++) {
            switch (input.get(i)) {
                case ResponseItem.Message m -> {
                    lastRole = m.role();
                    if ("user".equals(m.role())) {
                        lastUser = i;
                    }
                }
                case ResponseItem.FunctionCall _ -> lastRole = "assistant";
                case ResponseItem.LocalShellCall _ -> lastRole = "assistant";
                case ResponseItem.FunctionCallOutput _ -> lastRole = "tool";
                default -> {
                    // not a chat role of its own
                }
            }
        }
        if ("user".equals(lastRole)) {
            return anchors;
        }
        for (int i = lastUser + 1; i < input.size(); i++) {
            if (!(input.get(i) instanceof ResponseItem.Reasoning r) || r.content() == null) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            r.content().forEach(part -> text.append(part.text()));
            if (text.toString().isBlank()) {
                continue;
            }
            if (i > 0 && isAssistantMessage(input.get(i - 1))) {
                anchors.merge(i - 1, text.toString(), String::concat);
            } else if (i + 1 < input.size() && isAnchor(input.get(i + 1))) {
                anchors.merge(i + 1, text.toString(), String::concat);
            }
        }
        return anchors;
    }

    private static boolean isAssistantMessage(ResponseItem item) {
        return item instanceof ResponseItem.Message m && "assistant".equals(m.role());
    }

    private static boolean isAnchor(ResponseItem item) {
        return isAssistantMessage(item)
                || item instanceof ResponseItem.FunctionCall
                || item instanceof ResponseItem.LocalShellCall;
    }
}
