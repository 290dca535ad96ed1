package io.codexquarkus.config;

import io.codexquarkus.common.CodexException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a merged tree into {@link CodexConfig}, with Codex's defaults and its error texts. */
final class ConfigBinder {
    private ConfigBinder() {}

    static CodexConfig bind(ConfigReader r, CodexHome home, Path cwd) {
        Map<String, ModelProviderInfo> providers = providers(r);
        String providerId = r.string("model_provider").orElse(ConfigDefaults.OPENAI_PROVIDER);
        ModelProviderInfo provider = providers.get(providerId);
        if (provider == null) {
            throw CodexException.usage("Model provider `" + providerId + "` not found");
        }
        AuthSettings auth = auth(r);
        return new CodexConfig(
                home,
                cwd,
                r.string("profile"),
                r.string("model").orElse(ConfigDefaults.DEFAULT_MODEL),
                providerId,
                provider,
                providers,
                r.enumValue("approval_policy", AskForApproval.class).orElse(AskForApproval.ON_REQUEST),
                r.enumValue("sandbox_mode", SandboxMode.class).orElse(SandboxMode.READ_ONLY),
                new SandboxWorkspaceWrite(
                        r.stringList("sandbox_workspace_write.writable_roots").orElse(List.of()),
                        r.bool("sandbox_workspace_write.network_access").orElse(false),
                        r.bool("sandbox_workspace_write.exclude_tmpdir_env_var").orElse(false),
                        r.bool("sandbox_workspace_write.exclude_slash_tmp").orElse(false)),
                new ShellEnvironmentPolicy(
                        r.enumValue("shell_environment_policy.inherit", ShellEnvironmentInherit.class)
                                .orElse(ShellEnvironmentInherit.ALL),
                        r.bool("shell_environment_policy.ignore_default_excludes")
                                .orElse(false),
                        r.stringList("shell_environment_policy.exclude").orElse(List.of()),
                        r.stringMap(ConfigReader.path("shell_environment_policy.set"))
                                .orElse(Map.of()),
                        r.stringList("shell_environment_policy.include_only").orElse(List.of()),
                        r.bool("shell_environment_policy.experimental_use_profile")
                                .orElse(false)),
                r.enumValue("model_reasoning_effort", ReasoningEffort.class),
                r.enumValue("model_reasoning_summary", ReasoningSummary.class).orElse(ReasoningSummary.AUTO),
                r.enumValue("model_verbosity", Verbosity.class),
                r.bool("model_supports_reasoning_summaries"),
                r.count("model_context_window"),
                r.count("model_max_output_tokens"),
                r.count("model_auto_compact_token_limit"),
                r.enumValue("preferred_auth_method", AuthMethod.class).orElse(AuthMethod.CHATGPT),
                r.bool("hide_agent_reasoning").orElse(false),
                r.bool("show_raw_agent_reasoning").orElse(false),
                r.stringList("notify").orElse(List.of()),
                r.string("instructions"),
                r.string("base_instructions"),
                r.string("developer_instructions"),
                r.string("compact_prompt"),
                r.string("experimental_instructions_file")
                        .map(p -> cwd.resolve(p).normalize()),
                r.count("project_doc_max_bytes").orElse(32_768L),
                new HistoryConfig(
                        r.enumValue("history.persistence", HistoryPersistence.class)
                                .orElse(HistoryPersistence.SAVE_ALL),
                        r.count("history.max_bytes")),
                r.enumValue("file_opener", FileOpener.class).orElse(FileOpener.VSCODE),
                new ToolsConfig(
                        r.bool("tools.web_search").orElse(false),
                        r.bool("tools.view_image").orElse(true)),
                r.bool("disable_response_storage").orElse(false),
                r.bool("include_plan_tool"),
                r.bool("include_apply_patch_tool"),
                r.string("chatgpt_base_url").orElse("https://chatgpt.com/backend-api/"),
                new McpServerSettings(
                        r.count("mcp_server.elicitation_timeout_ms").orElse(600_000L),
                        r.bool("mcp_server.respond_on_cancel").orElse(false),
                        r.bool("mcp_server.codex_events").orElse(true),
                        r.count("mcp_server.progress_interval_ms").orElse(1_000L),
                        r.count("mcp_server.progress_heartbeat_ms").orElse(10_000L),
                        r.count("mcp_server.max_message_bytes").orElse(McpServerSettings.DEFAULT_MAX_MESSAGE_BYTES),
                        r.enumValue("mcp_server.tasks", McpTasksMode.class).orElse(McpTasksMode.AUTO),
                        r.count("mcp_server.input_required_timeout_ms").orElse(600_000L),
                        r.bool("mcp_server.modern_protocol").orElse(true)),
                auth,
                McpServersBinder.bind(r, cwd));
    }

    private static AuthSettings auth(ConfigReader r) {
        String issuer = r.string("auth.issuer").orElse(ConfigDefaults.DEFAULT_ISSUER);
        String trimmedIssuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        long port = r.count("auth.login_port").orElse(1455L);
        if (port > 65_535) {
            throw r.invalid(ConfigReader.path("auth.login_port"), "expected a port number, found integer " + port);
        }
        return new AuthSettings(
                trimmedIssuer,
                r.string("auth.client_id").orElse(ConfigDefaults.DEFAULT_CLIENT_ID),
                (int) port,
                r.string("auth.refresh_token_url").orElse(trimmedIssuer + "/oauth/token"),
                r.count("auth.login_timeout_seconds").orElse(600L));
    }

    private static Map<String, ModelProviderInfo> providers(ConfigReader r) {
        Map<String, ModelProviderInfo> out = new LinkedHashMap<>();
        Map<String, Object> table = r.table("model_providers").orElse(Map.of());
        for (String id : table.keySet()) {
            List<String> base = List.of("model_providers", id);
            r.table(base);
            String name = r.string(ConfigReader.append(base, "name"))
                    .orElseThrow(() -> r.invalid(
                            ConfigReader.append(base, "name"), "missing field `name` in provider `" + id + "`"));
            out.put(
                    id,
                    new ModelProviderInfo(
                            id,
                            name,
                            r.string(ConfigReader.append(base, "base_url")),
                            r.string(ConfigReader.append(base, "env_key")),
                            r.string(ConfigReader.append(base, "env_key_instructions")),
                            wireApi(r, ConfigReader.append(base, "wire_api")),
                            r.stringMap(ConfigReader.append(base, "query_params"))
                                    .orElse(Map.of()),
                            r.stringMap(ConfigReader.append(base, "http_headers"))
                                    .orElse(Map.of()),
                            r.stringMap(ConfigReader.append(base, "env_http_headers"))
                                    .orElse(Map.of()),
                            r.count(ConfigReader.append(base, "request_max_retries"))
                                    .orElse(ModelProviderInfo.DEFAULT_REQUEST_MAX_RETRIES),
                            r.count(ConfigReader.append(base, "stream_max_retries"))
                                    .orElse(ModelProviderInfo.DEFAULT_STREAM_MAX_RETRIES),
                            r.count(ConfigReader.append(base, "stream_idle_timeout_ms"))
                                    .orElse(ModelProviderInfo.DEFAULT_STREAM_IDLE_TIMEOUT_MS),
                            r.count(ConfigReader.append(base, "request_max_retry_delay_ms"))
                                    .orElse(ModelProviderInfo.DEFAULT_REQUEST_MAX_RETRY_DELAY_MS),
                            r.bool(ConfigReader.append(base, "requires_openai_auth"))
                                    .orElse(false),
                            r.string(ConfigReader.append(base, "experimental_bearer_token"))));
        }
        return out;
    }

    private static WireApi wireApi(ConfigReader r, List<String> path) {
        Optional<String> text = r.string(path);
        if (text.isEmpty()) {
            return WireApi.CHAT;
        }
        try {
            return WireApi.fromWire(text.get());
        } catch (IllegalArgumentException e) {
            throw r.invalid(path, e.getMessage());
        }
    }
}
