package io.codexquarkus.mcp.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.codexquarkus.auth.LoginOutcome;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Optional;

/**
 * Params of {@code loginChatGptComplete}: how a ChatGPT login attempt ended.
 *
 * @param loginId the attempt
 * @param success whether credentials were saved
 * @param error why not, e.g. {@code Login server error: Login was not completed} or {@code Login timed out}
 */
@RegisterForReflection
public record LoginChatGptCompleteNotification(
        @JsonProperty("loginId") String loginId,
        @JsonProperty("success") boolean success,

        @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_ABSENT)
        Optional<String> error) {
    /** The notification for {@code outcome}. */
    public static LoginChatGptCompleteNotification from(LoginOutcome outcome) {
        return new LoginChatGptCompleteNotification(outcome.loginId(), outcome.success(), outcome.error());
    }

    public static LoginChatGptCompleteNotification succeeded(String loginId) {
        return new LoginChatGptCompleteNotification(loginId, true, Optional.empty());
    }

    public static LoginChatGptCompleteNotification failed(String loginId, String error) {
        return new LoginChatGptCompleteNotification(loginId, false, Optional.of(error));
    }
}
