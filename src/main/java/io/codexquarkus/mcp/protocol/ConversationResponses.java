package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.agent.protocol.EventMsg;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Results of the conversation API (camelCase, as upstream's 0.3x app-server protocol). */
public final class ConversationResponses {
    private ConversationResponses() {}

    /** {@code newConversation}. */
    @RegisterForReflection
    public record NewConversationResponse(
            @JsonProperty("conversationId") String conversationId,
            @JsonProperty("model") String model,
            @JsonProperty("rolloutPath") String rolloutPath) {}

    /** {@code resumeConversation}; {@code initialMessages} only when the rollout had any. */
    @RegisterForReflection
    public record ResumeConversationResponse(
            @JsonProperty("conversationId") String conversationId,
            @JsonProperty("model") String model,

            @JsonProperty("initialMessages") @JsonInclude(NON_NULL)
            List<EventMsg> initialMessages) {}

    /** {@code addConversationListener}. */
    @RegisterForReflection
    public record AddConversationSubscriptionResponse(
            @JsonProperty("subscriptionId") String subscriptionId) {}

    /** {@code listConversations}: a page of summaries, {@code nextCursor} only when more may follow. */
    @RegisterForReflection
    public record ListConversationsResponse(
            @JsonProperty("items") List<ConversationSummary> items,

            @JsonProperty("nextCursor") @JsonInclude(NON_NULL)
            String nextCursor) {}

    /** One recorded conversation; {@code timestamp} only when its rollout has one. */
    @RegisterForReflection
    public record ConversationSummary(
            @JsonProperty("conversationId") String conversationId,
            @JsonProperty("path") String path,
            @JsonProperty("preview") String preview,

            @JsonProperty("timestamp") @JsonInclude(NON_NULL)
            String timestamp) {}

    /** {@code getUserAgent}. */
    @RegisterForReflection
    public record GetUserAgentResponse(
            @JsonProperty("userAgent") String userAgent) {}

    /** {@code gitDiffToRemote}. */
    @RegisterForReflection
    public record GitDiffToRemoteResponse(
            @JsonProperty("sha") String sha,
            @JsonProperty("diff") String diff) {}

    /** {@code execOneOffCommand}. */
    @RegisterForReflection
    public record ExecOneOffCommandResponse(
            @JsonProperty("exitCode") int exitCode,
            @JsonProperty("stdout") String stdout,
            @JsonProperty("stderr") String stderr) {}

    /** {@code interruptConversation}: why the turn ended. */
    @RegisterForReflection
    public record InterruptConversationResponse(
            @JsonProperty("abortReason") String abortReason) {}
}
