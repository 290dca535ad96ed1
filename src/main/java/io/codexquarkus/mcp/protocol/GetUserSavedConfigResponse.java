package io.codexquarkus.mcp.protocol;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code getUserSavedConfig}, in upstream's camelCase shape: top-level members only when set, {@code
 * profiles} always present, and every member of a profile present ({@code null} when unset). Enum values are their
 * wire strings.
 */
@RegisterForReflection
public record GetUserSavedConfigResponse(
        @JsonProperty("config") UserSavedConfig config) {

    @RegisterForReflection
    public record UserSavedConfig(
            @JsonProperty("approvalPolicy") @JsonInclude(NON_NULL)
            String approvalPolicy,

            @JsonProperty("sandboxMode") @JsonInclude(NON_NULL)
            String sandboxMode,

            @JsonProperty("sandboxSettings") @JsonInclude(NON_NULL)
            SandboxSettings sandboxSettings,

            @JsonProperty("model") @JsonInclude(NON_NULL) String model,

            @JsonProperty("modelReasoningEffort") @JsonInclude(NON_NULL)
            String modelReasoningEffort,

            @JsonProperty("modelReasoningSummary") @JsonInclude(NON_NULL)
            String modelReasoningSummary,

            @JsonProperty("modelVerbosity") @JsonInclude(NON_NULL)
            String modelVerbosity,

            @JsonProperty("tools") @JsonInclude(NON_NULL) Tools tools,
            @JsonProperty("profile") @JsonInclude(NON_NULL) String profile,
            @JsonProperty("profiles") Map<String, Profile> profiles) {}

    /** {@code [sandbox_workspace_write]}; {@code writableRoots} always, the flags when set. */
    @RegisterForReflection
    public record SandboxSettings(
            @JsonProperty("writableRoots") List<String> writableRoots,

            @JsonProperty("networkAccess") @JsonInclude(NON_NULL)
            Boolean networkAccess,

            @JsonProperty("excludeTmpdirEnvVar") @JsonInclude(NON_NULL)
            Boolean excludeTmpdirEnvVar,

            @JsonProperty("excludeSlashTmp") @JsonInclude(NON_NULL)
            Boolean excludeSlashTmp) {}

    /** {@code [tools]}; each flag when set. */
    @RegisterForReflection
    public record Tools(
            @JsonProperty("webSearch") @JsonInclude(NON_NULL)
            Boolean webSearch,

            @JsonProperty("viewImage") @JsonInclude(NON_NULL)
            Boolean viewImage) {}

    /** One {@code [profiles.NAME]}: every member written, {@code null} when unset. */
    @RegisterForReflection
    public record Profile(
            @JsonProperty("model") String model,
            @JsonProperty("modelProvider") String modelProvider,
            @JsonProperty("approvalPolicy") String approvalPolicy,
            @JsonProperty("modelReasoningEffort") String modelReasoningEffort,
            @JsonProperty("modelReasoningSummary") String modelReasoningSummary,
            @JsonProperty("modelVerbosity") String modelVerbosity,
            @JsonProperty("chatgptBaseUrl") String chatgptBaseUrl) {}
}
