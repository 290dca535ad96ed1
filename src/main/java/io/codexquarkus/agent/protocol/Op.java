package io.codexquarkus.agent.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.sandbox.SandboxPolicy;
import java.util.List;

/** What a front-end asks of a session (tag {@code type}, snake_case). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Op.Interrupt.class, name = "interrupt"),
    @JsonSubTypes.Type(value = Op.UserInput.class, name = "user_input"),
    @JsonSubTypes.Type(value = Op.UserTurn.class, name = "user_turn"),
    @JsonSubTypes.Type(value = Op.OverrideTurnContext.class, name = "override_turn_context"),
    @JsonSubTypes.Type(value = Op.ExecApproval.class, name = "exec_approval"),
    @JsonSubTypes.Type(value = Op.PatchApproval.class, name = "patch_approval"),
    @JsonSubTypes.Type(value = Op.AddToHistory.class, name = "add_to_history"),
    @JsonSubTypes.Type(value = Op.GetPath.class, name = "get_path"),
    @JsonSubTypes.Type(value = Op.Shutdown.class, name = "shutdown")
})
public sealed interface Op {
    /** Abort the running task; pending approvals resolve as denied. */
    record Interrupt() implements Op {}

    /** Start a task, or join the running one at its next round-trip. */
    record UserInput(@JsonProperty("items") List<InputItem> items) implements Op {}

    /** A task with its own turn settings, which also become the session's settings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserTurn(
            @JsonProperty("items") List<InputItem> items,
            @JsonProperty("cwd") String cwd,
            @JsonProperty("approval_policy") AskForApproval approvalPolicy,
            @JsonProperty("sandbox_policy") SandboxPolicy sandboxPolicy,
            @JsonProperty("model") String model,
            @JsonProperty("effort") ReasoningEffort effort,
            @JsonProperty("summary") ReasoningSummary summary,
            @JsonProperty("final_output_json_schema") JsonNode finalOutputJsonSchema)
            implements Op {}

    /** Replaces the session's turn settings for future turns; null fields keep their value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OverrideTurnContext(
            @JsonProperty("cwd") String cwd,
            @JsonProperty("approval_policy") AskForApproval approvalPolicy,
            @JsonProperty("sandbox_policy") SandboxPolicy sandboxPolicy,
            @JsonProperty("model") String model,
            @JsonProperty("effort") ReasoningEffort effort,
            @JsonProperty("summary") ReasoningSummary summary)
            implements Op {}

    /**
     * The answer to {@code exec_approval_request}; {@code id} is the id of the event that asked. {@code reason}
     * (ours, optional) says why a denial happened without a person deciding (timeout, client error); the model sees it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExecApproval(
            @JsonProperty("id") String id,
            @JsonProperty("decision") ReviewDecision decision,
            @JsonProperty("reason") String reason)
            implements Op {
        public ExecApproval(String id, ReviewDecision decision) {
            this(id, decision, null);
        }
    }

    /** The answer to {@code apply_patch_approval_request}, like {@link ExecApproval}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PatchApproval(
            @JsonProperty("id") String id,
            @JsonProperty("decision") ReviewDecision decision,
            @JsonProperty("reason") String reason)
            implements Op {
        public PatchApproval(String id, ReviewDecision decision) {
            this(id, decision, null);
        }
    }

    record AddToHistory(@JsonProperty("text") String text) implements Op {}

    record GetPath() implements Op {}

    /** Close the rollout, emit {@code shutdown_complete}, stop. */
    record Shutdown() implements Op {}
}
