package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.SandboxMode;
import java.util.Arrays;

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
        ObjectNode result = Json.MAPPER.createObjectNode();
        ArrayNode tools = result.putArray("tools");
        tools.add(codexTool());
        tools.add(codexReplyTool());
        return result;
    }

    static ObjectNode codexTool() {
        ObjectNode tool = Json.MAPPER.createObjectNode();
        tool.put("name", CODEX);
        tool.put("title", "Codex");
        tool.put(
                "description",
                "Start a Codex agent session on a task in a working directory. Returns the agent's final message and"
                        + " the threadId to continue with codex-reply. Any config.toml setting can be overridden.");
        ObjectNode schema = tool.putObject("inputSchema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ObjectNode approval = string(
                properties,
                "approval-policy",
                "When the agent must ask before running a command: `untrusted`, `on-failure`, `on-request`, or"
                        + " `never`.");
        ArrayNode approvalValues = approval.putArray("enum");
        Arrays.stream(AskForApproval.values()).forEach(v -> approvalValues.add(v.wire()));
        string(properties, "base-instructions", "Instructions that replace the built-in system instructions.");
        string(properties, "compact-prompt", "Prompt used to summarise the conversation when it is compacted.");
        ObjectNode config = properties.putObject("config");
        config.put(
                "description",
                "Settings that override CODEX_HOME/config.toml, by dotted key (e.g. {\"model_reasoning_effort\":"
                        + " \"high\"}).");
        config.put("type", "object");
        config.put("additionalProperties", true);
        string(
                properties,
                "cwd",
                "Working directory of the session; a relative path is resolved against the server's working"
                        + " directory.");
        string(
                properties,
                "developer-instructions",
                "Extra instructions added to the conversation as a developer" + " message.");
        string(properties, "model", "Model to use instead of the configured one (e.g. 'gpt-5', 'o3').");
        string(properties, "profile", "Profile from config.toml ([profiles.NAME]) to start from.");
        string(properties, "prompt", "The task for the agent: the first user message of the conversation.");
        ObjectNode sandbox = string(
                properties,
                "sandbox",
                "What commands may touch: `read-only`, `workspace-write`, or `danger-full-access`.");
        ArrayNode sandboxValues = sandbox.putArray("enum");
        Arrays.stream(SandboxMode.values()).forEach(v -> sandboxValues.add(v.wire()));
        schema.putArray("required").add("prompt");
        schema.put("additionalProperties", false);
        tool.set("outputSchema", outputSchema());
        tool.set("annotations", annotations("Codex"));
        return tool;
    }

    static ObjectNode codexReplyTool() {
        ObjectNode tool = Json.MAPPER.createObjectNode();
        tool.put("name", CODEX_REPLY);
        tool.put("title", "Codex Reply");
        tool.put(
                "description",
                "Send the next message to an existing Codex session, identified by the threadId a codex call"
                        + " returned. Sessions saved by earlier server runs are resumed from disk.");
        ObjectNode schema = tool.putObject("inputSchema");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        // threadId first: form-based clients (the Inspector) show properties in this order
        string(
                properties,
                "threadId",
                "The thread id of the session to continue (from structuredContent.threadId). Optional only so that"
                        + " clients still sending conversationId keep working.");
        string(properties, "prompt", "The next user message of the conversation.");
        string(properties, "conversationId", "Deprecated alias of threadId, for older clients.");
        schema.putArray("required").add("prompt");
        tool.set("outputSchema", outputSchema());
        tool.set("annotations", annotations("Codex Reply"));
        return tool;
    }

    /**
     * What a call may do: run commands and write files (destructive, not read-only), differently each time (not
     * idempotent), and reach the model provider and whatever commands reach (open world).
     */
    private static ObjectNode annotations(String title) {
        ObjectNode annotations = Json.MAPPER.createObjectNode();
        annotations.put("title", title);
        annotations.put("readOnlyHint", false);
        annotations.put("destructiveHint", true);
        annotations.put("idempotentHint", false);
        annotations.put("openWorldHint", true);
        return annotations;
    }

    private static ObjectNode outputSchema() {
        ObjectNode schema = Json.MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("threadId").put("type", "string");
        properties.putObject("content").put("type", "string");
        schema.putArray("required").add("threadId").add("content");
        return schema;
    }

    private static ObjectNode string(ObjectNode properties, String name, String description) {
        ObjectNode property = properties.putObject(name);
        property.put("description", description);
        property.put("type", "string");
        return property;
    }
}
