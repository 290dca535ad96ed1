package io.codexquarkus.tools.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One step of the plan: {@code {"step":"…","status":"pending|in_progress|completed"}}. */
public record PlanItem(
        @JsonProperty("step") String step,
        @JsonProperty("status") StepStatus status) {}
