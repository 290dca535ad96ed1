package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.SandboxMode;
import io.codexquarkus.mcp.protocol.ToolsListResult;
import io.codexquarkus.mcp.protocol.ToolsListResult.Schema;
import io.codexquarkus.mcp.protocol.ToolsListResult.Tool;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tools/list} answer: {@code codex} and {@code codex-reply} with the property names, types, required lists
 * and output schema of upstream 0.153.4, plus deliberate differences listed in the README: all four approval
 * policies, a {@code profile} parameter, tool annotations that tell the truth (the MCP defaults would claim less), and
 * {@code threadId} first in {@code codex-reply}. Other properties are in sorted order, as upstream's schema generator
 * emits them.
 */
public final class ToolDefinitions {
    public static final String CODEX = "codex";
    public static final String CODEX_REPLY = "codex-reply";

    private ToolDefinitions() {}

    public static ObjectNode toolsList() {
        return (ObjectNode) Json.tree(new ToolsListResult(List.of(codexTool(), codexReplyTool())));
    }

    static Tool codexTool() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put(
                "approval-policy",
                choice(
                        "When the agent must ask before running a command: `untrusted`, `on-failure`, `on-request`, or"
                                + " `never`.",
                        Arrays.stream(AskForApproval.values())
                                .map(AskForApproval::wire)
                                .toList()));
        properties.put("base-instructions", string("Instructions that replace the built-in system instructions."));
        properties.put("compact-prompt", string("Prompt used to summarise the conversation when it is compacted."));
        properties.put(
                "config",
                new Schema(
                        "Settings that override CODEX_HOME/config.toml, by dotted key (e.g. {\"model_reasoning_effort\":"
                                + " \"high\"}).",
                        "object",
                        null,
                        null,
                        null,
                        true));
        properties.put(
                "cwd",
                string("Working directory of the session; a relative path is resolved against the server's working"
                        + " directory."));
        properties.put(
                "developer-instructions",
                string("Extra instructions added to the conversation as a developer message."));
        properties.put("model", string("Model to use instead of the configured one (e.g. 'gpt-5', 'o3')."));
        properties.put("profile", string("Profile from config.toml ([profiles.NAME]) to start from."));
        properties.put("prompt", string("The task for the agent: the first user message of the conversation."));
        properties.put(
                "sandbox",
                choice(
                        "What commands may touch: `read-only`, `workspace-write`, or `danger-full-access`.",
                        Arrays.stream(SandboxMode.values())
                                .map(SandboxMode::wire)
                                .toList()));
        return new Tool(
                CODEX,
                "Codex",
                "Start a Codex agent session on a task in a working directory. Returns the agent's final message and"
                        + " the threadId to continue with codex-reply. Any config.toml setting can be overridden.",
                new Schema(null, "object", null, properties, List.of("prompt"), false),
                outputSchema(),
                annotations("Codex"));
    }

    static Tool codexReplyTool() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        // threadId first: form-based clients (the Inspector) show properties in this order
        properties.put(
                "threadId",
                string("The thread id of the session to continue (from structuredContent.threadId). Optional only so"
                        + " that clients still sending conversationId keep working."));
        properties.put("prompt", string("The next user message of the conversation."));
        properties.put("conversationId", string("Deprecated alias of threadId, for older clients."));
        return new Tool(
                CODEX_REPLY,
                "Codex Reply",
                "Send the next message to an existing Codex session, identified by the threadId a codex call"
                        + " returned. Sessions saved by earlier server runs are resumed from disk.",
                new Schema(null, "object", null, properties, List.of("prompt"), null),
                outputSchema(),
                annotations("Codex Reply"));
    }

    /**
     * What a call may do: run commands and write files (destructive, not read-only), differently each time (not
     * idempotent), and reach the model provider and whatever commands reach (open world).
     */
    private static ToolsListResult.Annotations annotations(String title) {
        return new ToolsListResult.Annotations(title, false, true, false, true);
    }

    private static Schema outputSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("threadId", new Schema(null, "string", null, null, null, null));
        properties.put("content", new Schema(null, "string", null, null, null, null));
        return new Schema(null, "object", null, properties, List.of("threadId", "content"), null);
    }

    private static Schema string(String description) {
        return new Schema(description, "string", null, null, null, null);
    }

    private static Schema choice(String description, List<String> values) {
        return new Schema(description, "string", values, null, null, null);
    }
}
