package io.codexquarkus.mcp.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.common.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The answer to an approval question as the session takes it: a decision and, for denials the user did not make
 * themselves, the reason the model is told. Every text a front door may produce lives here, so that the doors cannot
 * drift apart.
 */
public record Verdict(ReviewDecision decision, String reason) {
    static final String NOT_UNDERSTOOD = "the approval answer was not understood";

    /** The user's own decision: nothing to explain to the model. */
    public static Verdict of(ReviewDecision decision) {
        return new Verdict(decision, null);
    }

    /**
     * Reads a client's reply in either shape: the conversation API's {@code {"decision":…}} or an elicitation result
     * {@code {"action":…, "content":{"decision":…}}}. A {@code decline} or {@code cancel} wins over any decision in the
     * same reply; an {@code accept} without a choice approves once, as the elicitation form promises. Empty when the
     * reply says nothing that can be read as a decision.
     */
    public static Optional<Verdict> read(JsonNode reply) {
        if (reply == null || !reply.isObject()) {
            return Optional.empty();
        }
        String action = reply.path("action").asText("");
        switch (action) {
            case "decline" -> {
                return Optional.of(of(ReviewDecision.DENIED));
            }
            case "cancel" -> {
                return Optional.of(new Verdict(ReviewDecision.DENIED, "the user dismissed the approval request"));
            }
            default -> {
                // a decision field decides
            }
        }
        Optional<ReviewDecision> decision = textOf(reply.get("decision"))
                .or(() -> textOf(reply.path("content").get("decision")))
                .flatMap(ReviewDecision::parse);
        if (decision.isPresent()) {
            return Optional.of(of(decision.get()));
        }
        return action.equals("accept") ? Optional.of(of(ReviewDecision.APPROVED)) : Optional.empty();
    }

    /** A reply that {@link #read} could not read counts as denied. */
    public static Verdict notUnderstood() {
        return new Verdict(ReviewDecision.DENIED, NOT_UNDERSTOOD);
    }

    /** The client cannot be asked at all (it declared no elicitation capability). */
    public static Verdict unaskable() {
        return new Verdict(
                ReviewDecision.DENIED,
                "approval required, but the MCP client cannot be asked (it declared no elicitation capability)");
    }

    /** No usable answer: the wait timed out, the question was withdrawn, or the client answered with an error. */
    public static Verdict failed(Throwable failure, Duration timeout) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String reason;
        if (cause instanceof TimeoutException) {
            reason = "no answer to the approval request within " + Durations.format(timeout);
        } else if (cause instanceof CancellationException) {
            reason = "the approval request was cancelled";
        } else {
            reason = "the MCP client answered the approval request with an error: " + cause.getMessage();
        }
        return new Verdict(ReviewDecision.DENIED, reason);
    }

    private static Optional<String> textOf(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }
}
