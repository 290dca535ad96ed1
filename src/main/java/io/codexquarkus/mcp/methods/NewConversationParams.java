package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigOverride;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.config.SandboxMode;
import io.codexquarkus.mcp.jsonrpc.JsonRpcError;
import io.codexquarkus.mcp.server.McpException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code NewConversationParams} (camelCase, every member optional), shared by {@code newConversation} and {@code
 * resumeConversation.overrides}, and how they become a session configuration: config.toml < startup {@code -c} <
 * {@code config} map < typed members, exactly as for the {@code codex} tool of this server.
 */
record NewConversationParams(
        Optional<String> model,
        Optional<String> profile,
        Optional<String> cwd,
        Optional<AskForApproval> approvalPolicy,
        Optional<SandboxMode> sandbox,
        Map<String, JsonNode> config,
        Optional<String> baseInstructions,
        Optional<Boolean> includePlanTool,
        Optional<Boolean> includeApplyPatchTool) {

    static NewConversationParams parse(Params params) {
        Map<String, JsonNode> config = new LinkedHashMap<>();
        JsonNode map = params.present("config");
        if (map != null) {
            if (!map.isObject()) {
                throw params.invalid("config", "must be an object of config keys");
            }
            map.properties().forEach(e -> config.put(e.getKey(), e.getValue()));
        }
        return new NewConversationParams(
                params.string("model"),
                params.string("profile"),
                params.string("cwd"),
                params.enumValue("approvalPolicy", AskForApproval.class),
                params.enumValue("sandbox", SandboxMode.class),
                config,
                params.string("baseInstructions"),
                params.bool("includePlanTool"),
                params.bool("includeApplyPatchTool"));
    }

    /** The configuration request these params describe on top of the server's startup request. */
    ConfigRequest request(ConfigRequest startup) {
        List<ConfigOverride> typed = new ArrayList<>();
        model.ifPresent(v -> typed.add(ConfigOverride.of("model", v)));
        approvalPolicy.ifPresent(v -> typed.add(ConfigOverride.of("approval_policy", v.wire())));
        sandbox.ifPresent(v -> typed.add(ConfigOverride.of("sandbox_mode", v.wire())));
        baseInstructions.ifPresent(v -> typed.add(ConfigOverride.of("base_instructions", v)));
        includePlanTool.ifPresent(v -> typed.add(ConfigOverride.of("include_plan_tool", v)));
        includeApplyPatchTool.ifPresent(v -> typed.add(ConfigOverride.of("include_apply_patch_tool", v)));
        return startup.withClientLayers("newConversation", profile, config, typed, cwd);
    }

    /**
     * Loads the session configuration.
     *
     * @throws McpException -32600 {@code error deriving config: …} when it cannot be built
     */
    CodexConfig derive(ConfigRequest startup) {
        CodexConfig loaded;
        try {
            loaded = ConfigLoader.load(request(startup)).config();
        } catch (CodexException | IllegalArgumentException e) {
            throw new McpException(JsonRpcError.INVALID_REQUEST, "error deriving config: " + e.getMessage());
        }
        Path dir = loaded.cwd();
        if (!Files.isDirectory(dir)) {
            throw new McpException(
                    JsonRpcError.INVALID_REQUEST, "error deriving config: working directory does not exist: " + dir);
        }
        return loaded;
    }
}
