package io.codexquarkus.agent.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.ReviewDecision;
import io.codexquarkus.agent.session.ApprovalOutcome;
import io.codexquarkus.agent.session.TaskScope;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.tools.mcp.McpServerPool.McpTool;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an MCP tool call may run, by upstream's rule for MCP servers' tools (its default {@code auto} mode): with
 * {@code approval_policy = never} and {@code danger-full-access} every call runs; otherwise a call runs unasked unless
 * the tool's annotations say it has side effects — {@code destructiveHint: true}, or {@code readOnlyHint: false}
 * together with {@code openWorldHint: true}. Such a call is put to the user (an {@code exec_approval_request} for
 * {@code mcp <server> <tool> <arguments>}, so every front door can answer it); under {@code never}, where nobody may
 * be asked, it is refused. "Approved for the session" covers that tool of that server until the session ends.
 */
final class McpApproval {
    /** What this session's user approved for the session: {@code server\0tool}. */
    static final class Approved {
        final Set<String> tools = ConcurrentHashMap.newKeySet();
    }

    /** Whether a call may run unasked, must be asked about, or may not run at all. */
    enum Need {
        RUN,
        ASK,
        REFUSE
    }

    private McpApproval() {}

    static Need need(AskForApproval policy, SandboxPolicy sandbox, JsonNode annotations) {
        if (policy == AskForApproval.NEVER && sandbox instanceof SandboxPolicy.DangerFullAccess) {
            return Need.RUN;
        }
        if (!hasSideEffects(annotations)) {
            return Need.RUN;
        }
        return policy == AskForApproval.NEVER ? Need.REFUSE : Need.ASK;
    }

    /** Upstream's reading of the annotations: destructive, or not read-only and reaching outside. */
    static boolean hasSideEffects(JsonNode annotations) {
        if (annotations == null || !annotations.isObject()) {
            return false;
        }
        if (annotations.path("destructiveHint").asBoolean(false)) {
            return true;
        }
        JsonNode readOnly = annotations.get("readOnlyHint");
        return readOnly != null
                && readOnly.isBoolean()
                && !readOnly.asBoolean()
                && annotations.path("openWorldHint").asBoolean(false);
    }

    /** Empty when the call may run (asking first if needed); else the failed output the model gets. */
    static Optional<String> check(String callId, McpTool tool, JsonNode arguments, TaskScope scope) {
        Need need = need(scope.turn().approvalPolicy(), scope.turn().sandboxPolicy(), tool.annotations());
        String key = tool.server() + "\0" + tool.name();
        Approved approved = scope.sessionState(Approved.class, Approved::new);
        if (need == Need.RUN || approved.tools.contains(key)) {
            return Optional.empty();
        }
        if (need == Need.REFUSE) {
            return Optional.of("MCP tool call rejected: " + tool.server() + "." + tool.name()
                    + " may modify data and needs approval, but approval_policy is never");
        }
        ApprovalOutcome outcome = scope.requestApproval(new EventMsg.ExecApprovalRequest(
                callId,
                McpToolHandler.approvalCommand(tool.server(), tool.name(), arguments),
                scope.turn().cwd().toString(),
                question(tool)));
        if (!outcome.decision().approves()) {
            return Optional.of(McpToolHandler.rejected(outcome));
        }
        if (outcome.decision() == ReviewDecision.APPROVED_FOR_SESSION) {
            approved.tools.add(key);
        }
        return Optional.empty();
    }

    /** Upstream's wording of the question. */
    static String question(McpTool tool) {
        JsonNode annotations = tool.annotations();
        boolean destructive =
                annotations != null && annotations.path("destructiveHint").asBoolean(false);
        boolean openWorld =
                annotations != null && annotations.path("openWorldHint").asBoolean(false);
        String reason = destructive && openWorld
                ? "may modify data and access external systems"
                : destructive
                        ? "may modify or delete data"
                        : openWorld ? "may access external systems" : "may have side effects";
        String label = tool.title() == null || tool.title().isBlank() ? tool.name() : tool.title();
        return "The " + tool.server() + " MCP server wants to run the tool \"" + label + "\", which " + reason
                + ". Allow this action?";
    }
}
