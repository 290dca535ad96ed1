package io.codexquarkus.agent.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types of this package that Jackson binds, registered for reflection so a native build can (de)serialize them.
 * Nested classes are listed one by one ({@code ignoreNested}), so nothing internal rides along; {@code
 * NativeReflectionTest} derives the bound types from the byte code and fails when this list is short or long.
 */
@RegisterForReflection(
        ignoreNested = true,
        targets = {
            Event.class,
            EventMsg.class,
            EventMsg.AgentMessage.class,
            EventMsg.AgentMessageDelta.class,
            EventMsg.AgentReasoning.class,
            EventMsg.AgentReasoningDelta.class,
            EventMsg.AgentReasoningRawContent.class,
            EventMsg.AgentReasoningRawContentDelta.class,
            EventMsg.AgentReasoningSectionBreak.class,
            EventMsg.ApplyPatchApprovalRequest.class,
            EventMsg.BackgroundEvent.class,
            EventMsg.ContextCompacted.class,
            EventMsg.ConversationPath.class,
            EventMsg.ErrorEvent.class,
            EventMsg.ExecApprovalRequest.class,
            EventMsg.ExecCommandBegin.class,
            EventMsg.ExecCommandEnd.class,
            EventMsg.ExecCommandOutputDelta.class,
            EventMsg.McpToolCallBegin.class,
            EventMsg.McpToolCallEnd.class,
            EventMsg.PatchApplyBegin.class,
            EventMsg.PatchApplyEnd.class,
            EventMsg.PlanUpdate.class,
            EventMsg.SessionConfigured.class,
            EventMsg.ShutdownComplete.class,
            EventMsg.StreamError.class,
            EventMsg.TaskComplete.class,
            EventMsg.TaskStarted.class,
            EventMsg.TokenCount.class,
            EventMsg.TurnAborted.class,
            EventMsg.TurnDiff.class,
            EventMsg.UserMessage.class,
            EventMsg.WebSearchBegin.class,
            EventMsg.WebSearchEnd.class,
            ExecDuration.class,
            InputItem.class,
            McpCallOutcome.class,
            McpInvocation.class,
            InputItem.Image.class,
            InputItem.LocalImage.class,
            InputItem.Text.class,
            Op.class,
            Op.AddToHistory.class,
            Op.ExecApproval.class,
            Op.GetPath.class,
            Op.Interrupt.class,
            Op.OverrideTurnContext.class,
            Op.PatchApproval.class,
            Op.Shutdown.class,
            Op.UserInput.class,
            Op.UserTurn.class,
            ReviewDecision.class,
            TokenUsageInfo.class,
            TurnAbortReason.class
        })
final class JacksonTypes {
    private JacksonTypes() {}
}
