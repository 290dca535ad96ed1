package io.codexquarkus.agent.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.model.protocol.ResponseItem;
import java.util.List;

/**
 * The payload of a {@code compacted} rollout line. {@code message} is the summary; {@code replacement_history} is the
 * whole history the session went on with. Rollouts that carry only the message (older writers) are rebuilt from it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompactedItem(
        @JsonProperty("message") String message,
        @JsonProperty("replacement_history") List<ResponseItem> replacementHistory) {}
