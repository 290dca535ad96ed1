package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The answers to the list methods of features this server does not offer: each list, empty. */
@RegisterForReflection
public sealed interface EmptyListResult {
    /** {@code resources/list}. */
    @RegisterForReflection
    record Resources(@JsonProperty("resources") List<Object> resources) implements EmptyListResult {
        public static final Resources INSTANCE = new Resources(List.of());
    }

    /** {@code resources/templates/list}. */
    @RegisterForReflection
    record ResourceTemplates(
            @JsonProperty("resourceTemplates") List<Object> resourceTemplates) implements EmptyListResult {
        public static final ResourceTemplates INSTANCE = new ResourceTemplates(List.of());
    }

    /** {@code prompts/list}. */
    @RegisterForReflection
    record Prompts(@JsonProperty("prompts") List<Object> prompts) implements EmptyListResult {
        public static final Prompts INSTANCE = new Prompts(List.of());
    }
}
