package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Optional;

/**
 * Result of {@code userInfo}: the {@code email} claim of the stored id token, unverified. Written as {@code null}
 * (never omitted) when unknown.
 *
 * @param allegedUserEmail the email, if any
 */
@RegisterForReflection
public record UserInfoResponse(
        @JsonProperty("allegedUserEmail") @JsonInclude(JsonInclude.Include.ALWAYS)
        Optional<String> allegedUserEmail) {}
