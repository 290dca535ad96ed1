package io.codexquarkus.mcp.methods;

import io.codexquarkus.agent.Codex;
import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.common.Json;
import io.codexquarkus.mcp.approval.ApprovalQuestion;
import io.codexquarkus.mcp.approval.ApprovalService;
import io.codexquarkus.mcp.protocol.ConversationApprovalParams;
import io.codexquarkus.mcp.server.McpConnection;
import java.time.Duration;

/**
 * The conversation API's front door to the {@link ApprovalService}: {@code execCommandApproval} and {@code
 * applyPatchApproval}, server→client requests whose params are snake_case (upstream never renamed them), answered
 * with {@code {"decision":…}}.
 */
final class ApprovalRequests {
    static final String EXEC_METHOD = "execCommandApproval";
    static final String PATCH_METHOD = "applyPatchApproval";

    private final ApprovalService service;

    ApprovalRequests(McpConnection connection, Duration timeout) {
        this.service = new ApprovalService(connection, timeout);
    }

    void exec(String conversationId, Codex codex, Event event, EventMsg.ExecApprovalRequest request) {
        var params = new ConversationApprovalParams.ExecCommand(
                conversationId, request.callId(), request.command(), request.cwd(), request.reason());
        service.ask(
                new ApprovalQuestion.Exec(codex.conversationId(), codex::submit, event, request),
                new ApprovalService.ClientRequest(EXEC_METHOD, params),
                ApprovalRequests::nothingToTrack);
    }

    void patch(String conversationId, Codex codex, Event event, EventMsg.ApplyPatchApprovalRequest request) {
        var params = new ConversationApprovalParams.ApplyPatch(
                conversationId, request.callId(), Json.tree(request.changes()), request.reason(), request.grantRoot());
        service.ask(
                new ApprovalQuestion.Patch(codex.conversationId(), codex::submit, event, request),
                new ApprovalService.ClientRequest(PATCH_METHOD, params),
                ApprovalRequests::nothingToTrack);
    }

    private static void nothingToTrack() {
        // the conversation API keeps no per-turn activity: an answered question changes nothing here
    }

    /** Withdraws every question still open (the turn ended without them), so clients can close their dialogs. */
    void withdrawAll(String reason) {
        service.withdrawAll(reason);
    }
}
