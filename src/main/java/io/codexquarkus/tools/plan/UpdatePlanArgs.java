package io.codexquarkus.tools.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of an update_plan call, and the payload of the {@code plan_update} event: {@code
 * {"explanation":null|"…","plan":[{"step":…,"status":…}]}}.
 */
public record UpdatePlanArgs(
        @JsonProperty("explanation") @JsonInclude(JsonInclude.Include.ALWAYS)
        Optional<String> explanation,

        @JsonProperty("plan") List<PlanItem> plan) {
    public UpdatePlanArgs {
        explanation = explanation == null ? Optional.empty() : explanation;
        plan = plan == null ? List.of() : List.copyOf(plan);
    }
}
