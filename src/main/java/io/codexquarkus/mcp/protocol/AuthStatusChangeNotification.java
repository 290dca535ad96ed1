package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.config.AuthMethod;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Optional;

/**
 * Params of {@code authStatusChange}, sent after every login and logout: {@code {"authMethod":"chatgpt"}}, or
 * {@code {}} when nothing is logged in any more.
 *
 * @param authMethod the credential now in use
 */
@RegisterForReflection
public record AuthStatusChangeNotification(
        @JsonProperty("authMethod") @JsonInclude(JsonInclude.Include.NON_ABSENT)
        Optional<AuthMethod> authMethod) {}
