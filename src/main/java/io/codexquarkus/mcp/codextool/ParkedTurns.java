package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.config.McpServerSettings;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.RequestContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The turns of one connection parked on an {@code input_required} answer (MCP 2026-07-28 multi-round-trip requests),
 * keyed by thread and turn, and the routing of a retry to its turn.
 *
 * <p>A retry whose {@code requestState} does not open (altered, issued by another process, expired, or for another
 * tool name or other arguments), was already used, or whose turn no longer waits is answered with JSON-RPC error
 * -32602 (invalid params): the retry's own parameters are wrong, and no tool ran for it, so there is no tool result
 * to give. A retry must carry {@code requestState}; this server always sends one.
 */
final class ParkedTurns {
    static final String GONE = "requestState does not resume anything: its turn has ended (it finished, was aborted, or"
            + " was not resumed in time)";

    private final RequestStateCodec codec;
    private final Map<String, InputRequiredDoor> parked = new ConcurrentHashMap<>();

    ParkedTurns(RequestStateCodec codec) {
        this.codec = codec;
    }

    RequestStateCodec codec() {
        return codec;
    }

    /** Whether {@code request} answers an {@code input_required} result: a 2026-07-28 retry. */
    static boolean isRetry(RequestContext request) {
        JsonNode params = request.params();
        return request.isModern() && params != null && (params.has("requestState") || params.has("inputResponses"));
    }

    /**
     * The door for a turn of {@code request}: parks it here when it needs an approval. Null when the request cannot
     * take {@code input_required} (2025 era, or no elicitation capability declared on it).
     */
    InputRequiredDoor door(RequestContext request, Codex codex, McpServerSettings settings, TurnActivity activity) {
        if (!request.isModern() || !request.supportsElicitation()) {
            return null;
        }
        JsonNode params = request.params();
        String digest = RequestStateCodec.digest(params.path("name").asText(""), params.get("arguments"));
        return new InputRequiredDoor(
                this,
                Duration.ofMillis(settings.inputRequiredTimeoutMs()),
                activity::approvalAnswered,
                () -> codex.submit(new Op.Interrupt()),
                codex.conversationId(),
                digest);
    }

    /**
     * Routes {@code retry} to its parked turn, which answers it later (or at once with another {@code
     * input_required}).
     *
     * @throws McpException -32602 when the retry cannot resume anything
     */
    void resume(RequestContext retry) {
        JsonNode params = retry.params();
        JsonNode token = params.get("requestState");
        if (token == null || !token.isTextual()) {
            throw McpException.invalidParams("inputResponses came without the requestState they answer: echo the"
                    + " requestState of the input_required result");
        }
        JsonNode responses = params.get("inputResponses");
        if (responses != null && !responses.isObject()) {
            throw McpException.invalidParams("inputResponses must be an object");
        }
        RequestState state;
        try {
            state = codec.open(
                    token.textValue(),
                    RequestStateCodec.digest(params.path("name").asText(""), params.get("arguments")));
        } catch (RequestStateCodec.Rejected e) {
            throw McpException.invalidParams(e.getMessage());
        }
        InputRequiredDoor door = parked.get(key(state.threadId(), state.turnId()));
        if (door == null) {
            throw McpException.invalidParams(GONE);
        }
        door.resume(retry, state, responses);
    }

    void park(InputRequiredDoor door) {
        parked.put(key(door.threadId(), door.turnId()), door);
    }

    void unpark(InputRequiredDoor door) {
        parked.remove(key(door.threadId(), door.turnId()), door);
    }

    /** How many turns wait now (for tests). */
    int size() {
        return parked.size();
    }

    private static String key(String threadId, String turnId) {
        return threadId + "\n" + turnId;
    }
}
