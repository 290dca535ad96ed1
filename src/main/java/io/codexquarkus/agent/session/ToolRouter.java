package io.codexquarkus.agent.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.model.protocol.ResponseItem;
import io.codexquarkus.tools.mcp.McpServerPool;
import java.util.List;
import java.util.Optional;

/** The tools of a turn: their definitions for the model, and what runs when the model calls one. */
public interface ToolRouter {
    /** Tool JSON for the request, in Codex's order (it matters for prompt caching). */
    List<JsonNode> toolSpecs(TurnContext turn);

    /** Tool JSON for the request with the session's MCP servers' tools added (after the built-in ones). */
    default List<JsonNode> toolSpecs(TurnContext turn, McpServerPool mcpServers) {
        return toolSpecs(turn);
    }

    /**
     * Runs a call item ({@code function_call}, {@code custom_tool_call}, {@code local_shell_call}) and returns the
     * output item to feed back; empty for items that are not calls.
     */
    Optional<ResponseItem> handle(ResponseItem item, TaskScope scope);

    /**
     * The turn has sent its request and waits for the model: a router may get ready, in the background, for calls it
     * may have to run (the default router starts a sandbox helper ahead once the model takes a while). Never blocks.
     *
     * @return what to run once the model's stream is over (ended, failed or cancelled)
     */
    default Runnable awaitingModel(TurnContext turn) {
        return () -> {};
    }

    /** A diff of everything the task changed so far, if anything (for {@code turn_diff}). */
    default Optional<String> turnDiff(TaskScope scope) {
        return Optional.empty();
    }
}
