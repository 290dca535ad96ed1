package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The {@code requestedSchema} of an {@code elicitation/create}: a flat object of primitive fields, in the order the
 * client shows them.
 */
@RegisterForReflection
public record ElicitationSchema(
        @JsonProperty("type") String type,
        @JsonProperty("properties") Map<String, Field> properties) {
    public ElicitationSchema(Map<String, Field> properties) {
        this("object", properties);
    }

    /** One primitive field; members a version of the protocol does not know stay null and are left out. */
    @RegisterForReflection
    public record Field(
            @JsonProperty("type") String type,
            @JsonProperty("title") String title,
            @JsonProperty("description") String description,
            @JsonProperty("oneOf") @JsonInclude(NON_NULL) List<Choice> oneOf,
            @JsonProperty("enum") @JsonInclude(NON_NULL) List<String> enumValues,

            @JsonProperty("enumNames") @JsonInclude(NON_NULL)
            List<String> enumNames,

            @JsonProperty("default") @JsonInclude(NON_NULL) String defaultValue) {}

    /** A titled choice of a single-select enum (2025-11-25 on). */
    @RegisterForReflection
    public record Choice(
            @JsonProperty("const") String value,
            @JsonProperty("title") String title) {}
}
