package io.codexquarkus.config;

/**
 * {@code [mcp_server]} (ours, not upstream's): how {@code codex-quarkus mcp} treats its client.
 *
 * @param elicitationTimeoutMs how long an approval elicitation may stay unanswered before it counts as denied
 * @param respondOnCancel answer a cancelled tools/call with an isError result instead of the spec's silence
 * @param codexEvents send every agent event as a {@code codex/event} notification (upstream compatibility)
 * @param progressIntervalMs the least time between two event-driven {@code notifications/progress} of one call
 * @param progressHeartbeatMs the longest a call with a progress token stays without a progress notification (a
 *     keep-alive for clients that time requests out); 0 turns the keep-alive off
 * @param maxMessageBytes the longest JSON-RPC line read from the client; a longer one is skipped and answered -32600
 * @param tasks whether a 2026-07-28 client that declares the tasks extension gets {@code codex} calls as tasks
 * @param inputRequiredTimeoutMs how long a turn waits, parked, for the retry that answers its {@code input_required}
 *     result (or for a task's approval answers) before it is aborted
 * @param modernProtocol whether MCP 2026-07-28 is spoken beside the 2025 protocol; off, the server answers as a
 *     2025-era server does ({@code server/discover} is an unknown method), for clients whose probe misbehaves
 */
public record McpServerSettings(
        long elicitationTimeoutMs,
        boolean respondOnCancel,
        boolean codexEvents,
        long progressIntervalMs,
        long progressHeartbeatMs,
        long maxMessageBytes,
        McpTasksMode tasks,
        long inputRequiredTimeoutMs,
        boolean modernProtocol) {
    /** 64 MiB: well above any prompt or tool argument, small enough to bound what one line can cost. */
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 64L * 1024 * 1024;
}
