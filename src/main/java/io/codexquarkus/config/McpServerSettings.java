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
 */
public record McpServerSettings(
        long elicitationTimeoutMs,
        boolean respondOnCancel,
        boolean codexEvents,
        long progressIntervalMs,
        long progressHeartbeatMs) {}
