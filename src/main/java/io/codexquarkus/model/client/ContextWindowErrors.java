package io.codexquarkus.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Recognises "the prompt does not fit the context window" in a provider's error object. OpenAI says so with {@code
 * code: context_length_exceeded} on both wire APIs; Chat Completions servers of other vendors (vLLM, llama.cpp,
 * OpenRouter…) often only say it in the message, so the message is checked too.
 */
final class ContextWindowErrors {
    static final String CODE = "context_length_exceeded";
    private static final Pattern MESSAGE = Pattern.compile(
            "(?i)(context[_ ]length[_ ]exceeded|maximum context length|exceeds? (the )?(model'?s? )?context window"
                    + "|context window (is |was )?exceeded|prompt is too long)");

    private ContextWindowErrors() {}

    static boolean matches(JsonNode error) {
        if (error == null || error.isMissingNode() || error.isNull()) {
            return false;
        }
        if (CODE.equals(error.path("code").asText(""))
                || CODE.equals(error.path("type").asText(""))) {
            return true;
        }
        String message =
                error.isTextual() ? error.asText() : error.path("message").asText("");
        return MESSAGE.matcher(message).find();
    }
}
