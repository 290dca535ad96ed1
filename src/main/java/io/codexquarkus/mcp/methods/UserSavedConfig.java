package io.codexquarkus.mcp.methods;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.SandboxMode;
import io.codexquarkus.config.TomlValues;
import io.codexquarkus.config.Verbosity;
import io.codexquarkus.config.WireEnum;
import io.codexquarkus.mcp.protocol.GetUserSavedConfigResponse;
import io.codexquarkus.mcp.protocol.GetUserSavedConfigResponse.Profile;
import io.codexquarkus.mcp.protocol.GetUserSavedConfigResponse.SandboxSettings;
import io.codexquarkus.mcp.protocol.GetUserSavedConfigResponse.Tools;
import io.codexquarkus.mcp.server.McpException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code getUserSavedConfig}: the client-settable part of config.toml as written (no defaults, no {@code -c}), in
 * upstream's camelCase shape (see {@link GetUserSavedConfigResponse}). A malformed file is -32603 {@code failed to
 * load config.toml: …}, a value of the wrong type -32603 {@code failed to parse config.toml: …}; members are checked in
 * the order they are written, so the first wrong one is named.
 */
final class UserSavedConfig {
    private UserSavedConfig() {}

    static GetUserSavedConfigResponse read(CodexHome home) {
        Map<String, Object> tree;
        try {
            tree = ConfigLoader.readFile(home.configFile()).tree();
        } catch (CodexException e) {
            throw McpException.internal("failed to load config.toml: " + e.getMessage());
        }
        String approvalPolicy = enumValue(tree, "approval_policy", AskForApproval.class, "");
        String sandboxMode = enumValue(tree, "sandbox_mode", SandboxMode.class, "");
        Map<String, Object> sandbox = table(tree, "sandbox_workspace_write");
        SandboxSettings sandboxSettings = null;
        if (sandbox != null) {
            String prefix = "sandbox_workspace_write.";
            sandboxSettings = new SandboxSettings(
                    stringList(sandbox, "sandbox_workspace_write.writable_roots"),
                    bool(sandbox, "network_access", prefix),
                    bool(sandbox, "exclude_tmpdir_env_var", prefix),
                    bool(sandbox, "exclude_slash_tmp", prefix));
        }
        String model = string(tree, "model", "");
        String effort = enumValue(tree, "model_reasoning_effort", ReasoningEffort.class, "");
        String summary = enumValue(tree, "model_reasoning_summary", ReasoningSummary.class, "");
        String verbosity = enumValue(tree, "model_verbosity", Verbosity.class, "");
        Map<String, Object> toolsTable = table(tree, "tools");
        Tools tools = null;
        if (toolsTable != null) {
            // upstream reads web_search_request as an alias of web_search
            String webSearch = toolsTable.containsKey("web_search") ? "web_search" : "web_search_request";
            tools = new Tools(bool(toolsTable, webSearch, "tools."), bool(toolsTable, "view_image", "tools."));
        }
        String profile = string(tree, "profile", "");
        Map<String, Profile> profiles = new LinkedHashMap<>();
        Map<String, Object> profileTables = table(tree, "profiles");
        if (profileTables != null) {
            for (Map.Entry<String, Object> entry : profileTables.entrySet()) {
                String where = "profiles." + entry.getKey();
                if (!(entry.getValue() instanceof Map<?, ?>)) {
                    throw wrongType(where, "a table", entry.getValue());
                }
                profiles.put(entry.getKey(), profile(table(profileTables, entry.getKey()), where + "."));
            }
        }
        return new GetUserSavedConfigResponse(new GetUserSavedConfigResponse.UserSavedConfig(
                approvalPolicy,
                sandboxMode,
                sandboxSettings,
                model,
                effort,
                summary,
                verbosity,
                tools,
                profile,
                profiles));
    }

    private static Profile profile(Map<String, Object> table, String prefix) {
        return new Profile(
                string(table, "model", prefix),
                string(table, "model_provider", prefix),
                enumValue(table, "approval_policy", AskForApproval.class, prefix),
                enumValue(table, "model_reasoning_effort", ReasoningEffort.class, prefix),
                enumValue(table, "model_reasoning_summary", ReasoningSummary.class, prefix),
                enumValue(table, "model_verbosity", Verbosity.class, prefix),
                string(table, "chatgpt_base_url", prefix));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> table(Map<String, Object> tree, String key) {
        Object value = tree.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw wrongType(key, "a table", value);
        }
        return (Map<String, Object>) value;
    }

    private static String string(Map<String, Object> tree, String key, String prefix) {
        Object value = tree.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw wrongType(prefix + key, "a string", value);
        }
        return text;
    }

    private static Boolean bool(Map<String, Object> tree, String key, String prefix) {
        Object value = tree.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Boolean flag)) {
            throw wrongType(prefix + key, "a boolean", value);
        }
        return flag;
    }

    /** The value's wire string, after checking it names a value of {@code type}. */
    private static <E extends Enum<E> & WireEnum> String enumValue(
            Map<String, Object> tree, String key, Class<E> type, String prefix) {
        String text = string(tree, key, prefix);
        if (text == null) {
            return null;
        }
        try {
            return WireEnum.parse(type, text).wire();
        } catch (IllegalArgumentException e) {
            throw McpException.internal(
                    "failed to parse config.toml: " + e.getMessage() + " in `" + prefix + key + "`");
        }
    }

    private static List<String> stringList(Map<String, Object> table, String where) {
        Object value = table.get("writable_roots");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw wrongType(where, "an array of strings", value);
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static McpException wrongType(String key, String expected, Object found) {
        return McpException.internal("failed to parse config.toml: invalid type for `" + key + "`: expected " + expected
                + ", found " + TomlValues.typeName(found));
    }
}
