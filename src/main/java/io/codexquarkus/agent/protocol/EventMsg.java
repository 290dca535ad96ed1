package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.sandbox.SandboxPolicy;
import io.codexquarkus.tools.applypatch.FileChange;
import io.codexquarkus.tools.command.ParsedCommand;
import io.codexquarkus.tools.plan.PlanItem;
import java.util.List;
import java.util.Map;

/**
 * Everything a session tells its front-end, serialised exactly as Codex does: internally tagged by {@code type} in
 * snake_case, payload fields in snake_case, optional fields omitted when absent.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EventMsg.ErrorEvent.class, name = "error"),
    @JsonSubTypes.Type(value = EventMsg.ContextCompacted.class, name = "context_compacted"),
    @JsonSubTypes.Type(value = EventMsg.TaskStarted.class, name = "task_started"),
    @JsonSubTypes.Type(value = EventMsg.TaskComplete.class, name = "task_complete"),
    @JsonSubTypes.Type(value = EventMsg.TokenCount.class, name = "token_count"),
    @JsonSubTypes.Type(value = EventMsg.AgentMessage.class, name = "agent_message"),
    @JsonSubTypes.Type(value = EventMsg.UserMessage.class, name = "user_message"),
    @JsonSubTypes.Type(value = EventMsg.AgentMessageDelta.class, name = "agent_message_delta"),
    @JsonSubTypes.Type(value = EventMsg.AgentReasoning.class, name = "agent_reasoning"),
    @JsonSubTypes.Type(value = EventMsg.AgentReasoningDelta.class, name = "agent_reasoning_delta"),
    @JsonSubTypes.Type(value = EventMsg.AgentReasoningRawContent.class, name = "agent_reasoning_raw_content"),
    @JsonSubTypes.Type(
            value = EventMsg.AgentReasoningRawContentDelta.class,
            name = "agent_reasoning_raw_content_delta"),
    @JsonSubTypes.Type(value = EventMsg.AgentReasoningSectionBreak.class, name = "agent_reasoning_section_break"),
    @JsonSubTypes.Type(value = EventMsg.SessionConfigured.class, name = "session_configured"),
    @JsonSubTypes.Type(value = EventMsg.ExecCommandBegin.class, name = "exec_command_begin"),
    @JsonSubTypes.Type(value = EventMsg.ExecCommandOutputDelta.class, name = "exec_command_output_delta"),
    @JsonSubTypes.Type(value = EventMsg.ExecCommandEnd.class, name = "exec_command_end"),
    @JsonSubTypes.Type(value = EventMsg.ExecApprovalRequest.class, name = "exec_approval_request"),
    @JsonSubTypes.Type(value = EventMsg.ApplyPatchApprovalRequest.class, name = "apply_patch_approval_request"),
    @JsonSubTypes.Type(value = EventMsg.BackgroundEvent.class, name = "background_event"),
    @JsonSubTypes.Type(value = EventMsg.StreamError.class, name = "stream_error"),
    @JsonSubTypes.Type(value = EventMsg.PatchApplyBegin.class, name = "patch_apply_begin"),
    @JsonSubTypes.Type(value = EventMsg.PatchApplyEnd.class, name = "patch_apply_end"),
    @JsonSubTypes.Type(value = EventMsg.TurnDiff.class, name = "turn_diff"),
    @JsonSubTypes.Type(value = EventMsg.PlanUpdate.class, name = "plan_update"),
    @JsonSubTypes.Type(value = EventMsg.TurnAborted.class, name = "turn_aborted"),
    @JsonSubTypes.Type(value = EventMsg.ShutdownComplete.class, name = "shutdown_complete"),
    @JsonSubTypes.Type(value = EventMsg.McpToolCallBegin.class, name = "mcp_tool_call_begin"),
    @JsonSubTypes.Type(value = EventMsg.McpToolCallEnd.class, name = "mcp_tool_call_end"),
    @JsonSubTypes.Type(value = EventMsg.WebSearchBegin.class, name = "web_search_begin"),
    @JsonSubTypes.Type(value = EventMsg.WebSearchEnd.class, name = "web_search_end"),
    @JsonSubTypes.Type(value = EventMsg.ConversationPath.class, name = "conversation_path")
})
public sealed interface EventMsg {
    /** The event type as it appears on the wire ({@code task_complete}, …). */
    default String type() {
        return EventTypes.nameOf(this);
    }

    /**
     * A failure that ends the current task (or, with id "", a start-up problem). {@code codex_error_info} classifies
     * model failures ({@code usage_limit_exceeded}, {@code context_window_exceeded}, …) and is absent otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorEvent(
            @JsonProperty("message") String message,
            @JsonProperty("codex_error_info") String codexErrorInfo) implements EventMsg {
        public ErrorEvent(String message) {
            this(message, null);
        }
    }

    /** The history was replaced by a summary (automatically, near or past the context window). */
    record ContextCompacted() implements EventMsg {}

    record TaskStarted(@JsonProperty("model_context_window") Long modelContextWindow) implements EventMsg {}

    record TaskComplete(@JsonProperty("last_agent_message") String lastAgentMessage) implements EventMsg {}

    record TokenCount(@JsonProperty("info") TokenUsageInfo info) implements EventMsg {}

    record AgentMessage(@JsonProperty("message") String message) implements EventMsg {}

    /** The user's message as recorded; {@code kind} is plain, user_instructions or environment_context. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserMessage(
            @JsonProperty("message") String message,
            @JsonProperty("kind") String kind,
            @JsonProperty("images") List<String> images)
            implements EventMsg {
        public static UserMessage plain(String message) {
            return new UserMessage(message, "plain", null);
        }
    }

    record AgentMessageDelta(@JsonProperty("delta") String delta) implements EventMsg {}

    record AgentReasoning(@JsonProperty("text") String text) implements EventMsg {}

    record AgentReasoningDelta(@JsonProperty("delta") String delta) implements EventMsg {}

    record AgentReasoningRawContent(@JsonProperty("text") String text) implements EventMsg {}

    record AgentReasoningRawContentDelta(
            @JsonProperty("delta") String delta) implements EventMsg {}

    record AgentReasoningSectionBreak() implements EventMsg {}

    /**
     * Always the first event of a session (id ""). {@code session_id} is the thread id. {@code model_provider_id},
     * {@code approval_policy}, {@code sandbox_policy} and {@code cwd} say what the session really runs with, after
     * every override (newer upstream sends the same kind of fields; older clients ignore them).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionConfigured(
            @JsonProperty("session_id") String sessionId,
            @JsonProperty("model") String model,
            @JsonProperty("model_provider_id") String modelProviderId,
            @JsonProperty("approval_policy") AskForApproval approvalPolicy,
            @JsonProperty("sandbox_policy") SandboxPolicy sandboxPolicy,
            @JsonProperty("cwd") String cwd,
            @JsonProperty("reasoning_effort") String reasoningEffort,
            @JsonProperty("history_log_id") long historyLogId,
            @JsonProperty("history_entry_count") long historyEntryCount,
            @JsonProperty("initial_messages") List<EventMsg> initialMessages,
            @JsonProperty("rollout_path") String rolloutPath)
            implements EventMsg {}

    record ExecCommandBegin(
            @JsonProperty("call_id") String callId,
            @JsonProperty("command") List<String> command,
            @JsonProperty("cwd") String cwd,
            @JsonProperty("parsed_cmd") List<ParsedCommand> parsedCmd)
            implements EventMsg {}

    /** A raw output chunk, base64-encoded. {@code stream} is stdout or stderr. */
    record ExecCommandOutputDelta(
            @JsonProperty("call_id") String callId,
            @JsonProperty("stream") String stream,
            @JsonProperty("chunk") String chunk)
            implements EventMsg {}

    record ExecCommandEnd(
            @JsonProperty("call_id") String callId,
            @JsonProperty("stdout") String stdout,
            @JsonProperty("stderr") String stderr,
            @JsonProperty("aggregated_output") String aggregatedOutput,
            @JsonProperty("exit_code") int exitCode,
            @JsonProperty("duration") ExecDuration duration,
            @JsonProperty("formatted_output") String formattedOutput)
            implements EventMsg {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExecApprovalRequest(
            @JsonProperty("call_id") String callId,
            @JsonProperty("command") List<String> command,
            @JsonProperty("cwd") String cwd,
            @JsonProperty("reason") String reason)
            implements EventMsg {}

    /** {@code changes} maps absolute paths to FileChange objects ({@code {"update":{…}}}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApplyPatchApprovalRequest(
            @JsonProperty("call_id") String callId,
            @JsonProperty("changes") Map<String, FileChange> changes,
            @JsonProperty("reason") String reason,
            @JsonProperty("grant_root") String grantRoot)
            implements EventMsg {}

    record BackgroundEvent(@JsonProperty("message") String message) implements EventMsg {}

    /** The model stream broke and is being retried. */
    record StreamError(@JsonProperty("message") String message) implements EventMsg {}

    record PatchApplyBegin(
            @JsonProperty("call_id") String callId,
            @JsonProperty("auto_approved") boolean autoApproved,
            @JsonProperty("changes") Map<String, FileChange> changes)
            implements EventMsg {}

    record PatchApplyEnd(
            @JsonProperty("call_id") String callId,
            @JsonProperty("stdout") String stdout,
            @JsonProperty("stderr") String stderr,
            @JsonProperty("success") boolean success)
            implements EventMsg {}

    record TurnDiff(@JsonProperty("unified_diff") String unifiedDiff) implements EventMsg {}

    /** {@code plan} is the list of {@code {step, status}} items. */
    record PlanUpdate(
            @JsonProperty("explanation") String explanation,
            @JsonProperty("plan") List<PlanItem> plan) implements EventMsg {}

    record TurnAborted(@JsonProperty("reason") TurnAbortReason reason) implements EventMsg {}

    record ShutdownComplete() implements EventMsg {}

    /** A call to a tool of an MCP server is about to be made. */
    record McpToolCallBegin(
            @JsonProperty("call_id") String callId,
            @JsonProperty("invocation") McpInvocation invocation) implements EventMsg {}

    /** The call ended: {@code result} is {@code {"Ok":CallToolResult}} (also one with {@code isError}) or {@code {"Err":"…"}}. */
    record McpToolCallEnd(
            @JsonProperty("call_id") String callId,
            @JsonProperty("invocation") McpInvocation invocation,
            @JsonProperty("duration") ExecDuration duration,
            @JsonProperty("result") McpCallOutcome result)
            implements EventMsg {
        /** Upstream's rule: a result that came back and does not say {@code isError: true}. */
        public boolean isSuccess() {
            return result.ok() != null && !result.ok().path("isError").asBoolean(false);
        }
    }

    record WebSearchBegin(@JsonProperty("call_id") String callId) implements EventMsg {}

    record WebSearchEnd(
            @JsonProperty("call_id") String callId,
            @JsonProperty("query") String query) implements EventMsg {}

    record ConversationPath(
            @JsonProperty("conversation_id") String conversationId,
            @JsonProperty("path") String path) implements EventMsg {}
}
