package io.codexquarkus.tools.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The state of a plan step, snake_case on the wire. */
public enum StepStatus {
    @JsonProperty("pending")
    PENDING("pending"),
    @JsonProperty("in_progress")
    IN_PROGRESS("in_progress"),
    @JsonProperty("completed")
    COMPLETED("completed");

    private final String wireName;

    StepStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
