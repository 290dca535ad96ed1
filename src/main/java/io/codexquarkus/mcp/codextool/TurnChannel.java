package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.mcp.approval.ApprovalQuestion;

/**
 * Where one {@code codex} / {@code codex-reply} turn reports: the events, the progress, the approvals it waits for,
 * and its one answer. A 2025-era call or a 2026-07-28 call ({@link RequestCall}) answers in JSON-RPC responses; a
 * task keeps the answer for the client to fetch. {@link ThreadTurn} drives the turn the same way for all of them.
 */
interface TurnChannel {
    /** The id Codex shows as {@code codex_mcp_tool_call_id} and puts in submission ids. */
    String toolCallId();

    /** Called once, before the prompt is submitted: {@code interrupt} stops the turn when the client cancels it. */
    void start(Runnable interrupt);

    /** An agent event of the turn ({@code codex/event} where the client takes them). */
    void forward(Event event);

    /** What the turn does now; {@code force} sends it even within the progress interval. */
    void progress(String message, boolean force);

    /** An approval the turn waits for; the channel gets the answer to the session. */
    void ask(ApprovalQuestion question);

    /** The turn ended while questions were still open: they need no answer any more. */
    void withdrawAll(String reason);

    /** The turn's answer, a {@code CallToolResult}: given exactly once, unless {@link #aborted} is called instead. */
    void finish(JsonNode result);

    /**
     * The turn was aborted: an error result for the client, unless the client itself cancelled (then the rules of
     * its protocol say whether anything is answered).
     */
    void aborted(String threadId);
}
