package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The params of the {@code elicitation/create} a {@code codex} tool call sends for an approval: MCP's {@code message}
 * and {@code requestedSchema}, then Codex's own {@code codex_*} payload, member for member as upstream.
 */
@RegisterForReflection
public sealed interface ApprovalElicitation {
    String message();

    ElicitationSchema requestedSchema();

    /** {@code codex_elicitation = "exec-approval"}. */
    @RegisterForReflection
    record Exec(
            @JsonProperty("message") String message,
            @JsonProperty("requestedSchema") ElicitationSchema requestedSchema,
            @JsonProperty("threadId") String threadId,
            @JsonProperty("codex_elicitation") String codexElicitation,
            @JsonProperty("codex_mcp_tool_call_id") String codexMcpToolCallId,
            @JsonProperty("codex_event_id") String codexEventId,
            @JsonProperty("codex_call_id") String codexCallId,
            @JsonProperty("codex_command") List<String> codexCommand,
            @JsonProperty("codex_cwd") String codexCwd,
            @JsonProperty("codex_parsed_cmd") JsonNode codexParsedCmd)
            implements ApprovalElicitation {}

    /** {@code codex_elicitation = "patch-approval"}. */
    @RegisterForReflection
    record Patch(
            @JsonProperty("message") String message,
            @JsonProperty("requestedSchema") ElicitationSchema requestedSchema,
            @JsonProperty("threadId") String threadId,
            @JsonProperty("codex_elicitation") String codexElicitation,
            @JsonProperty("codex_mcp_tool_call_id") String codexMcpToolCallId,
            @JsonProperty("codex_event_id") String codexEventId,
            @JsonProperty("codex_call_id") String codexCallId,

            @JsonProperty("codex_reason") @JsonInclude(NON_NULL)
            String codexReason,

            @JsonProperty("codex_grant_root") @JsonInclude(NON_NULL)
            String codexGrantRoot,

            @JsonProperty("codex_changes") JsonNode codexChanges)
            implements ApprovalElicitation {}
}
