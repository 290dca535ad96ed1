package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The params of the conversation API's server→client approval requests; snake_case, as upstream never renamed them.
 */
@RegisterForReflection
public sealed interface ConversationApprovalParams {
    /** {@code execCommandApproval}. */
    @RegisterForReflection
    record ExecCommand(
            @JsonProperty("conversation_id") String conversationId,
            @JsonProperty("call_id") String callId,
            @JsonProperty("command") List<String> command,
            @JsonProperty("cwd") String cwd,
            @JsonProperty("reason") @JsonInclude(NON_NULL) String reason)
            implements ConversationApprovalParams {}

    /** {@code applyPatchApproval}. */
    @RegisterForReflection
    record ApplyPatch(
            @JsonProperty("conversation_id") String conversationId,
            @JsonProperty("call_id") String callId,
            @JsonProperty("file_changes") JsonNode fileChanges,
            @JsonProperty("reason") @JsonInclude(NON_NULL) String reason,

            @JsonProperty("grant_root") @JsonInclude(NON_NULL)
            String grantRoot)
            implements ConversationApprovalParams {}
}
