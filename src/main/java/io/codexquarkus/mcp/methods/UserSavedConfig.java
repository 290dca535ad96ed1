package io.codexquarkus.mcp.methods;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AskForApproval;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ReasoningEffort;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.SandboxMode;
import io.codexquarkus.config.TomlValues;
import io.codexquarkus.config.Verbosity;
import io.codexquarkus.config.WireEnum;
import io.codexquarkus.mcp.server.McpException;
import java.util.List;
import java.util.Map;

/**
 * {@code getUserSavedConfig}: the client-settable part of config.toml as written (no defaults, no {@code -c}), in
 * upstream's camelCase shape: top-level members only when set, {@code profiles} always present, and every member of a
 * profile present ({@code null} when unset). A malformed file is -32603 {@code failed to load config.toml: …}, a value
 * of the wrong type -32603 {@code failed to parse config.toml: …}.
 */
final class UserSavedConfig {
    /** The members of a profile, in upstream's order; each is written, {@code null} when unset. */
    private static final List<String> PROFILE_MEMBERS = List.of(
            "model",
            "modelProvider",
            "approvalPolicy",
            "modelReasoningEffort",
            "modelReasoningSummary",
            "modelVerbosity",
            "chatgptBaseUrl");

    private UserSavedConfig() {}

    static ObjectNode read(CodexHome home) {
        Map<String, Object> tree;
        try {
            tree = ConfigLoader.readFile(home.configFile()).tree();
        } catch (CodexException e) {
            throw McpException.internal("failed to load config.toml: " + e.getMessage());
        }
        ObjectNode config = Json.MAPPER.createObjectNode();
        putEnum(config, "approvalPolicy", tree, "approval_policy", AskForApproval.class);
        putEnum(config, "sandboxMode", tree, "sandbox_mode", SandboxMode.class);
        Map<String, Object> sandbox = table(tree, "sandbox_workspace_write");
        if (sandbox != null) {
            ObjectNode settings = config.putObject("sandboxSettings");
            settings.set("writableRoots", Json.tree(stringList(sandbox, "sandbox_workspace_write.writable_roots")));
            putBool(settings, "networkAccess", sandbox, "network_access", "sandbox_workspace_write.");
            putBool(settings, "excludeTmpdirEnvVar", sandbox, "exclude_tmpdir_env_var", "sandbox_workspace_write.");
            putBool(settings, "excludeSlashTmp", sandbox, "exclude_slash_tmp", "sandbox_workspace_write.");
        }
        putString(config, "model", tree, "model", "");
        putEnum(config, "modelReasoningEffort", tree, "model_reasoning_effort", ReasoningEffort.class);
        putEnum(config, "modelReasoningSummary", tree, "model_reasoning_summary", ReasoningSummary.class);
        putEnum(config, "modelVerbosity", tree, "model_verbosity", Verbosity.class);
        Map<String, Object> tools = table(tree, "tools");
        if (tools != null) {
            ObjectNode out = config.putObject("tools");
            // upstream reads web_search_request as an alias of web_search
            String webSearch = tools.containsKey("web_search") ? "web_search" : "web_search_request";
            putBool(out, "webSearch", tools, webSearch, "tools.");
            putBool(out, "viewImage", tools, "view_image", "tools.");
        }
        putString(config, "profile", tree, "profile", "");
        ObjectNode profiles = config.putObject("profiles");
        Map<String, Object> profileTables = table(tree, "profiles");
        if (profileTables != null) {
            for (Map.Entry<String, Object> entry : profileTables.entrySet()) {
                String where = "profiles." + entry.getKey();
                if (!(entry.getValue() instanceof Map<?, ?>)) {
                    throw wrongType(where, "a table", entry.getValue());
                }
                Map<String, Object> profile = table(profileTables, entry.getKey());
                profiles.set(entry.getKey(), profile(profile, where + "."));
            }
        }
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.set("config", config);
        return result;
    }

    private static ObjectNode profile(Map<String, Object> table, String prefix) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String member : PROFILE_MEMBERS) {
            out.putNull(member);
        }
        putString(out, "model", table, "model", prefix);
        putString(out, "modelProvider", table, "model_provider", prefix);
        putEnum(out, "approvalPolicy", table, "approval_policy", AskForApproval.class, prefix);
        putEnum(out, "modelReasoningEffort", table, "model_reasoning_effort", ReasoningEffort.class, prefix);
        putEnum(out, "modelReasoningSummary", table, "model_reasoning_summary", ReasoningSummary.class, prefix);
        putEnum(out, "modelVerbosity", table, "model_verbosity", Verbosity.class, prefix);
        putString(out, "chatgptBaseUrl", table, "chatgpt_base_url", prefix);
        return out;
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

    private static void putString(ObjectNode out, String name, Map<String, Object> tree, String key, String prefix) {
        Object value = tree.get(key);
        if (value == null) {
            return;
        }
        if (!(value instanceof String text)) {
            throw wrongType(prefix + key, "a string", value);
        }
        out.put(name, text);
    }

    private static void putBool(ObjectNode out, String name, Map<String, Object> tree, String key, String prefix) {
        Object value = tree.get(key);
        if (value == null) {
            return;
        }
        if (!(value instanceof Boolean flag)) {
            throw wrongType(prefix + key, "a boolean", value);
        }
        out.put(name, flag);
    }

    private static <E extends Enum<E> & WireEnum> void putEnum(
            ObjectNode out, String name, Map<String, Object> tree, String key, Class<E> type) {
        putEnum(out, name, tree, key, type, "");
    }

    private static <E extends Enum<E> & WireEnum> void putEnum(
            ObjectNode out, String name, Map<String, Object> tree, String key, Class<E> type, String prefix) {
        Object value = tree.get(key);
        if (value == null) {
            return;
        }
        if (!(value instanceof String text)) {
            throw wrongType(prefix + key, "a string", value);
        }
        try {
            out.put(name, WireEnum.parse(type, text).wire());
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
