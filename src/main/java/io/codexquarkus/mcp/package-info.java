/**
 * {@code codex-quarkus mcp}: the MCP server on stdio (JSON-RPC framing, the {@code codex} and {@code codex-reply}
 * tools, approvals as elicitations, and Codex's own methods). It reaches the tools, the sandbox and the model only
 * through {@code agent}, so that the core's internals can change without touching the protocol.
 *
 * <p>Depends on: {@code agent}, {@code config}, {@code auth}, {@code common}, and the policy type {@link
 * io.codexquarkus.sandbox.SandboxPolicy} that its methods accept.
 */
package io.codexquarkus.mcp;
