package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ConfigEditor;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.mcp.protocol.ConversationResponses;
import io.codexquarkus.mcp.protocol.EmptyResult;
import io.codexquarkus.mcp.server.McpException;
import io.codexquarkus.mcp.server.MethodHandler;
import io.codexquarkus.mcp.server.RequestContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code getUserSavedConfig}, {@code setDefaultModel} and {@code getUserAgent}. */
final class ConfigMethods {
    private final ConfigRequest startup;
    private final Supplier<String> userAgent;

    ConfigMethods(ConfigRequest startup, Supplier<String> userAgent) {
        this.startup = startup;
        this.userAgent = userAgent;
    }

    void register(Map<String, MethodHandler> methods) {
        methods.put("getUserSavedConfig", request -> Json.tree(UserSavedConfig.read(startup.codexHome())));
        methods.put("setDefaultModel", this::setDefaultModel);
        methods.put(
                "getUserAgent", request -> Json.tree(new ConversationResponses.GetUserAgentResponse(userAgent.get())));
    }

    /**
     * Persists {@code model} and {@code model_reasoning_effort} in config.toml, keeping its comments and layout; an
     * absent or null member removes the key (upstream's clear-if-none). When a profile is active (startup {@code -p},
     * or {@code profile} in config.toml), the keys go into {@code [profiles.<name>]}, where they take effect.
     */
    private JsonNode setDefaultModel(RequestContext request) {
        Params params = Params.of(request);
        Optional<String> model = params.string("model");
        Optional<ReasoningEffort> effort = params.enumValue("reasoningEffort", ReasoningEffort.class);
        String prefix = activeProfile().map(name -> "profiles." + name + ".").orElse("");
        Map<String, Object> assignments = new LinkedHashMap<>();
        assignments.put(prefix + "model", model.orElse(null));
        assignments.put(
                prefix + "model_reasoning_effort",
                effort.map(ReasoningEffort::wire).orElse(null));
        try {
            ConfigEditor.set(startup.codexHome(), assignments);
        } catch (CodexException e) {
            throw McpException.internal("failed to persist overrides: " + e.getMessage());
        }
        return Json.tree(EmptyResult.INSTANCE);
    }

    private Optional<String> activeProfile() {
        if (startup.profile().isPresent()) {
            return startup.profile();
        }
        Object fromFile;
        try {
            fromFile = ConfigLoader.readFile(startup.codexHome().configFile())
                    .tree()
                    .get("profile");
        } catch (CodexException e) {
            throw McpException.internal("failed to load config.toml: " + e.getMessage());
        }
        return fromFile instanceof String name ? Optional.of(name) : Optional.empty();
    }
}
