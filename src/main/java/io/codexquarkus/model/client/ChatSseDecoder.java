package io.codexquarkus.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ContentItem;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.model.protocol.TokenUsage;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The Chat Completions stream: content and reasoning deltas pass through as they come and are also
 * gathered; tool calls, whose id, name and argument fragments arrive spread over many chunks, are assembled per
 * {@code index}. A {@code finish_reason} or {@code [DONE]} ends the stream with the gathered reasoning, assistant
 * message and function calls as items, then {@code Completed}. A stream that ends without either is broken.
 */
final class ChatSseDecoder implements SseDecoder {
    private static final Logger LOG = Logger.getLogger(ChatSseDecoder.class);

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final Map<Integer, ToolCall> toolCalls = new TreeMap<>();
    private Optional<TokenUsage> usage = Optional.empty();
    private boolean finished;

    /** One function call being assembled. */
    private static final class ToolCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    @Override
    public List<Object> onData(String data) {
        if (finished) {
            return List.of();
        }
        if (data.trim().equals("[DONE]")) {
            return finish();
        }
        JsonNode chunk;
        try {
            chunk = Json.parse(data);
        } catch (UncheckedIOException e) {
            if (LOG.isDebugEnabled()) {
                LOG.debugf("skipping chat SSE data that is not JSON: %.200s", data);
            }
            return List.of();
        }
        if (chunk.hasNonNull("error") && !chunk.has("choices")) {
            JsonNode error = chunk.get("error");
            if (ContextWindowErrors.matches(error)) {
                finished = true;
                return List.of(
                        new ResponseEvent.Failed(
                                ModelError.of(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED, ModelErrorText.CONTEXT_WINDOW)),
                        CUT);
            }
            String message =
                    error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
            throw new StreamBrokenException(message);
        }
        readUsage(chunk.get("usage"));
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return List.of();
        }
        List<Object> out = new ArrayList<>(2);
        JsonNode delta = choice.path("delta");
        JsonNode content = delta.path("content");
        if (content.isTextual() && !content.asText().isEmpty()) {
            text.append(content.asText());
            out.add(new ResponseEvent.OutputTextDelta(content.asText()));
        }
        String thought =
                reasoningText(delta.has("reasoning") ? delta.get("reasoning") : delta.get("reasoning_content"));
        if (thought == null) {
            thought = reasoningText(choice.path("message").get("reasoning"));
        }
        if (thought != null) {
            reasoning.append(thought);
            out.add(new ResponseEvent.ReasoningContentDelta(thought));
        }
        for (JsonNode call : delta.path("tool_calls")) {
            ToolCall state = toolCalls.computeIfAbsent(call.path("index").asInt(0), i -> new ToolCall());
            if (state.id == null && call.path("id").isTextual()) {
                state.id = call.path("id").asText();
            }
            JsonNode function = call.path("function");
            if (state.name == null && function.path("name").isTextual()) {
                state.name = function.path("name").asText();
            }
            if (function.path("arguments").isTextual()) {
                state.arguments.append(function.path("arguments").asText());
            }
        }
        if (choice.path("finish_reason").isTextual()) {
            out.addAll(finish());
        }
        return out;
    }

    /** A reasoning delta: a string, or an object carrying {@code text} or {@code content}. */
    private static String reasoningText(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? null : node.asText();
        }
        for (String field : new String[] {"text", "content"}) {
            JsonNode value = node.path(field);
            if (value.isTextual() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }

    private void readUsage(JsonNode node) {
        if (node == null || !node.isObject() || !node.path("prompt_tokens").isNumber()) {
            return;
        }
        usage = Optional.of(new TokenUsage(
                node.path("prompt_tokens").asLong(),
                node.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                node.path("completion_tokens").asLong(0),
                node.path("completion_tokens_details").path("reasoning_tokens").asLong(0),
                node.path("total_tokens").asLong(0)));
    }

    private List<Object> finish() {
        finished = true;
        List<Object> out = new ArrayList<>();
        if (!reasoning.isEmpty()) {
            out.add(new ResponseEvent.OutputItemDone(new ResponseItem.Reasoning(
                    null,
                    List.of(),
                    List.of(new ResponseItem.ReasoningContent("reasoning_text", reasoning.toString())),
                    null)));
        }
        if (!text.isEmpty()) {
            out.add(new ResponseEvent.OutputItemDone(
                    new ResponseItem.Message(null, "assistant", List.of(new ContentItem.OutputText(text.toString())))));
        }
        for (ToolCall call : toolCalls.values()) {
            out.add(new ResponseEvent.OutputItemDone(new ResponseItem.FunctionCall(
                    null,
                    call.name == null ? "" : call.name,
                    call.arguments.toString(),
                    call.id == null ? "" : call.id)));
        }
        out.add(new ResponseEvent.Completed("", usage));
        out.add(CUT);
        return out;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public StreamBrokenException endedEarly() {
        return new StreamBrokenException(ModelErrorText.STREAM_CLOSED_CHAT);
    }
}
