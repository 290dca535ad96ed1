package io.codexquarkus.model.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.model.protocol.TokenUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Responses API stream. Each SSE {@code data} is a JSON object whose {@code type} decides the
 * event; the SSE {@code event:} name is ignored. Deltas, which are nearly all of a stream, are read with a streaming
 * parser; everything else goes through a JSON tree.
 */
final class ResponsesSseDecoder implements SseDecoder {
    private static final Logger LOG = Logger.getLogger(ResponsesSseDecoder.class);
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    private boolean finished;

    @Override
    public List<Object> onData(String data) {
        if (finished) {
            return List.of();
        }
        String type = null;
        String delta = null;
        try (JsonParser parser = FACTORY.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return skip(data, "not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("type")) {
                    type = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && name.equals("delta")) {
                    delta = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return skip(data, e.getMessage());
        }
        if (type == null) {
            return List.of();
        }
        return switch (type) {
            case "response.output_text.delta" ->
                delta == null ? List.of() : List.of(new ResponseEvent.OutputTextDelta(delta));
            case "response.reasoning_summary_text.delta" ->
                delta == null ? List.of() : List.of(new ResponseEvent.ReasoningSummaryDelta(delta));
            case "response.reasoning_text.delta" ->
                delta == null ? List.of() : List.of(new ResponseEvent.ReasoningContentDelta(delta));
            case "response.reasoning_summary_part.added" -> List.of(new ResponseEvent.ReasoningSummaryPartAdded());
            case "response.created",
                    "response.output_item.done",
                    "response.output_item.added",
                    "response.completed",
                    "response.failed",
                    "response.incomplete",
                    "error" -> fromTree(type, Json.parse(data));
            default -> List.of();
        };
    }

    private List<Object> fromTree(String type, JsonNode event) {
        switch (type) {
            case "response.created" -> {
                return event.hasNonNull("response") ? List.of(new ResponseEvent.Created()) : List.of();
            }
            case "response.output_item.done" -> {
                ResponseItem item = item(event.get("item"));
                return item == null ? List.of() : List.of(new ResponseEvent.OutputItemDone(item));
            }
            case "response.output_item.added" -> {
                JsonNode item = event.path("item");
                return "web_search_call".equals(item.path("type").asText())
                        ? List.of(new ResponseEvent.WebSearchCallBegin(
                                item.path("id").asText("")))
                        : List.of();
            }
            case "response.completed" -> {
                JsonNode response = event.path("response");
                finished = true;
                return List.of(
                        new ResponseEvent.Completed(response.path("id").asText(""), usage(response.get("usage"))), CUT);
            }
            case "response.incomplete" -> {
                String reason = event.path("response")
                        .path("incomplete_details")
                        .path("reason")
                        .asText("unknown");
                throw new StreamBrokenException("Incomplete response returned, reason: " + reason);
            }
            case "response.failed" -> {
                return failed(event.path("response").path("error"));
            }
            default -> {
                // a top-level "error" event: the stream is over and did not complete
                JsonNode error = event.has("error") ? event.get("error") : event;
                return failed(error);
            }
        }
    }

    /** A failure the server reported in the stream: fatal for a few codes, else retryable. */
    private List<Object> failed(JsonNode error) {
        String message =
                error.path("message").isTextual() ? error.path("message").asText() : ModelErrorText.RESPONSE_FAILED;
        String code = error.path("code").asText("");
        ModelError fatal = switch (code) {
            case "context_length_exceeded" ->
                ModelError.of(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED, ModelErrorText.CONTEXT_WINDOW);
            case "insufficient_quota" -> ModelError.of(ModelError.Kind.USAGE_LIMIT, ModelErrorText.QUOTA_EXCEEDED);
            case "usage_not_included" -> ModelError.of(ModelError.Kind.USAGE_LIMIT, ModelErrorText.USAGE_NOT_INCLUDED);
            case "invalid_prompt" -> ModelError.of(ModelError.Kind.OTHER, message);
            default ->
                ContextWindowErrors.matches(error)
                        ? ModelError.of(ModelError.Kind.CONTEXT_WINDOW_EXCEEDED, ModelErrorText.CONTEXT_WINDOW)
                        : null;
        };
        if (fatal != null) {
            finished = true;
            return List.of(new ResponseEvent.Failed(fatal), CUT);
        }
        Optional<Duration> delay =
                code.equals("rate_limit_exceeded") ? ModelErrorText.tryAgainIn(message) : Optional.empty();
        throw new StreamBrokenException(message, delay);
    }

    private static ResponseItem item(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            ResponseItem item = Json.MAPPER.treeToValue(node, ResponseItem.class);
            return item instanceof ResponseItem.Other ? null : item;
        } catch (IOException | IllegalArgumentException e) {
            LOG.debugf("skipping an output item that does not parse: %s", e.getMessage());
            return null;
        }
    }

    /** {@code usage} of {@code response.completed}; details default to 0. */
    static Optional<TokenUsage> usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new TokenUsage(
                usage.path("input_tokens").asLong(0),
                usage.path("input_tokens_details").path("cached_tokens").asLong(0),
                usage.path("output_tokens").asLong(0),
                usage.path("output_tokens_details").path("reasoning_tokens").asLong(0),
                usage.path("total_tokens").asLong(0)));
    }

    private static List<Object> skip(String data, String why) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("skipping SSE data that is not a JSON event (%s): %.200s", why, data);
        }
        return List.of();
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public StreamBrokenException endedEarly() {
        return new StreamBrokenException(ModelErrorText.STREAM_CLOSED_RESPONSES);
    }
}
