package io.codexquarkus.agent.session;

import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.common.Cancellation;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.tools.mcp.McpServerPool;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** What a tool handler may do while a task runs: emit events, ask for approval, watch for cancellation. */
public interface TaskScope {
    /** The submission id of the task; every event it emits carries it. */
    String subId();

    String conversationId();

    TurnContext turn();

    void emit(EventMsg msg);

    /** Emits {@code request} and waits for the user's answer; an interrupt answers {@code denied}. */
    ApprovalOutcome requestApproval(EventMsg request);

    /** Exact argv vectors approved for the rest of the session. */
    Set<List<String>> approvedCommands();

    Cancellation cancellation();

    /**
     * An item for the history (and the rollout) before the task's next request, after the output of the call that
     * queued it: {@code view_image}'s picture. Dropped when the task ends first.
     */
    void queueInput(ResponseItem item);

    /** The session's MCP servers. */
    default McpServerPool mcpServers() {
        return McpServerPool.empty();
    }

    /** Per-task state shared by tool calls of the same task (turn diff tracking). */
    <T> T taskState(Class<T> type, Supplier<T> create);

    /** Per-session state that outlives the task (approvals given for the session). */
    <T> T sessionState(Class<T> type, Supplier<T> create);
}
