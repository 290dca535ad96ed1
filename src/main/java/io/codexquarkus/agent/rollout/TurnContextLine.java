package io.codexquarkus.agent.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.sandbox.SandboxPolicy;

/** The {@code turn_context} payload written when a turn starts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TurnContextLine(
        @JsonProperty("cwd") String cwd,
        @JsonProperty("approval_policy") AskForApproval approvalPolicy,
        @JsonProperty("sandbox_policy") SandboxPolicy sandboxPolicy,
        @JsonProperty("model") String model,
        @JsonProperty("effort") ReasoningEffort effort,
        @JsonProperty("summary") ReasoningSummary summary) {}
