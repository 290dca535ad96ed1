package io.codexquarkus.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The one-line texts users see when a model request fails, worded as Codex words them where tools match on them. */
final class ModelErrorText {
    static final String STREAM_CLOSED_RESPONSES = "stream closed before response.completed";
    static final String STREAM_CLOSED_CHAT = "stream closed before finish_reason or [DONE]";
    static final String IDLE_TIMEOUT = "idle timeout waiting for SSE";
    static final String RESPONSE_FAILED = "response.failed event received";
    static final String CONTEXT_WINDOW = "Codex ran out of room in the model's context window. Start a new conversation"
            + " or clear earlier history before retrying.";
    static final String USAGE_NOT_INCLUDED =
            "To use Codex with your ChatGPT plan, upgrade to Plus: https://openai.com/chatgpt/pricing.";
    static final String QUOTA_EXCEEDED = "Quota exceeded. Check your plan and billing details.";
    static final String HIGH_DEMAND = "We're currently experiencing high demand, which may cause temporary errors.";

    private static final Pattern TRY_AGAIN =
            Pattern.compile("(?i)try again in\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|sec|secs|seconds?)\\b");

    private ModelErrorText() {}

    static String missingEnvironmentVariable(String variable, Optional<String> instructions) {
        return "Missing environment variable: `" + variable + "`."
                + instructions.map(i -> " " + i).orElse("");
    }

    /** How much of an error body goes into a message. */
    static final int ERROR_BODY_MESSAGE_CHARS = 4 * 1024;

    /**
     * An error body as messages show it: whole when short, else its first {@value #ERROR_BODY_MESSAGE_CHARS}
     * characters and how many bytes the server sent.
     */
    static String errorBody(String body, long totalBytes) {
        boolean whole = totalBytes <= ModelHttp.ERROR_BODY_KEEP_BYTES;
        if (whole && body.length() <= ERROR_BODY_MESSAGE_CHARS) {
            return body;
        }
        int cut = Math.min(ERROR_BODY_MESSAGE_CHARS, body.length());
        if (cut > 0 && Character.isHighSurrogate(body.charAt(cut - 1))) {
            cut--;
        }
        return body.substring(0, cut) + "… (" + totalBytes + " bytes in all)";
    }

    static String unexpectedStatus(int status, String body) {
        return "unexpected status " + HttpStatusText.of(status) + ": " + body;
    }

    static String retryLimit(int status) {
        return "exceeded retry limit, last status: " + HttpStatusText.of(status);
    }

    static String streamDisconnected(String message) {
        return "stream disconnected before completion: " + message;
    }

    /** ChatGPT plan limits ({@code usage_limit_reached}), with the plan and the reset time when the server sent them. */
    static String usageLimitReached(JsonNode error) {
        StringBuilder out = new StringBuilder("You've hit your usage limit.");
        String plan = error.path("plan_type").asText("");
        if (plan.equalsIgnoreCase("plus")) {
            out.append(" Upgrade to Pro (https://openai.com/chatgpt/pricing) or wait for the limit to reset.");
        }
        long resetsIn = error.path("resets_in_seconds").asLong(-1);
        if (resetsIn >= 0) {
            out.append(" Try again in ").append(humanSeconds(resetsIn)).append('.');
        } else if (!plan.equalsIgnoreCase("plus")) {
            out.append(" Limits reset every 5h and every week.");
        }
        return out.toString();
    }

    /** {@code 2 days 3 hours 5 minutes}, {@code 45 seconds}. */
    static String humanSeconds(long seconds) {
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        StringBuilder out = new StringBuilder();
        append(out, days, "day");
        append(out, hours, "hour");
        append(out, minutes, "minute");
        if (out.isEmpty()) {
            append(out, seconds, "second");
        }
        return out.isEmpty() ? "0 seconds" : out.toString();
    }

    private static void append(StringBuilder out, long value, String unit) {
        if (value <= 0) {
            return;
        }
        if (!out.isEmpty()) {
            out.append(' ');
        }
        out.append(value).append(' ').append(unit).append(value == 1 ? "" : "s");
    }

    /** The wait in {@code "Rate limit reached … Please try again in 1.898s."}, if the text names one. */
    static Optional<Duration> tryAgainIn(String message) {
        Matcher m = TRY_AGAIN.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        return unit.equals("ms")
                ? Optional.of(Duration.ofMillis((long) value))
                : Optional.of(Duration.ofNanos(Math.round(value * 1e9)));
    }
}
