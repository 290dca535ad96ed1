package io.codexquarkus.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;

/** SSE bodies as model servers send them. */
public final class Sse {
    private Sse() {}

    /** Responses API events: {@code event: <type>} then {@code data: <json>}, each followed by a blank line. */
    public static String responses(String... events) {
        StringBuilder out = new StringBuilder();
        for (String event : events) {
            JsonNode node = Json.parse(event);
            out.append("event: ")
                    .append(node.path("type").asText())
                    .append('\n')
                    .append("data: ")
                    .append(Json.write(node))
                    .append("\n\n");
        }
        return out.toString();
    }

    /** Chat Completions chunks as {@code data:} lines; pass {@code [DONE]} literally. */
    public static String chat(String... chunks) {
        StringBuilder out = new StringBuilder();
        for (String chunk : chunks) {
            out.append("data: ")
                    .append(chunk.equals("[DONE]") ? chunk : Json.write(Json.parse(chunk)))
                    .append("\n\n");
        }
        return out.toString();
    }

    public static String created(String id) {
        return "{\"type\":\"response.created\",\"response\":{\"id\":\"" + id + "\",\"status\":\"in_progress\"}}";
    }

    public static String textDelta(String delta) {
        return "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":" + Json.write(delta) + "}";
    }

    public static String completed(String id) {
        return "{\"type\":\"response.completed\",\"response\":{\"id\":\"" + id + "\",\"status\":\"completed\","
                + "\"usage\":{\"input_tokens\":10,\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens\":5,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":15}}}";
    }

    public static String assistantMessageDone(String text) {
        return "{\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":\"message\","
                + "\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"output_text\",\"text\":" + Json.write(text) + ",\"annotations\":[]}]}}";
    }

    /** A whole text answer: created, one delta per word, the message item, completed. */
    public static String textAnswer(String id, String... words) {
        String[] events = new String[words.length + 3];
        events[0] = created(id);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            events[i + 1] = textDelta(words[i]);
            text.append(words[i]);
        }
        events[words.length + 1] = assistantMessageDone(text.toString());
        events[words.length + 2] = completed(id);
        return responses(events);
    }
}
