/**
 * The agent core: sessions, turns, the tool router and its handlers, approvals, rollouts and events, and the entry
 * points the front ends use ({@code ConversationManager}, {@code AgentRuntime}, {@code ClientCommands}).
 *
 * <p>Depends on: {@code model}, {@code tools}, {@code sandbox}, {@code auth}, {@code config}, {@code common}.
 */
package io.codexquarkus.agent;
