package io.codexquarkus.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The built-in layers: Codex's defaults, and the providers no config file may redefine. */
public final class ConfigDefaults {
    /** The project's version, written only in the pom and copied into {@code version.properties} by the build. */
    public static final String VERSION = readVersion();

    public static final String DEFAULT_MODEL = "gpt-5";
    public static final String OPENAI_PROVIDER = "openai";
    public static final String OSS_PROVIDER = "oss";
    public static final String DEFAULT_ISSUER = "https://auth.openai.com";
    public static final String DEFAULT_CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";

    private ConfigDefaults() {}

    /** The layer under everything: what an empty config.toml means. */
    public static ConfigLayer.Table defaults() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("model", DEFAULT_MODEL);
        t.put("model_provider", OPENAI_PROVIDER);
        t.put("approval_policy", AskForApproval.ON_REQUEST.wire());
        t.put("sandbox_mode", SandboxMode.READ_ONLY.wire());
        t.put(
                "sandbox_workspace_write",
                table(
                        "writable_roots", List.of(),
                        "network_access", false,
                        "exclude_tmpdir_env_var", false,
                        "exclude_slash_tmp", false));
        t.put(
                "shell_environment_policy",
                table(
                        "inherit",
                        "all",
                        "ignore_default_excludes",
                        false,
                        "exclude",
                        List.of(),
                        "set",
                        Map.of(),
                        "include_only",
                        List.of(),
                        "experimental_use_profile",
                        false));
        t.put("model_reasoning_summary", ReasoningSummary.AUTO.wire());
        t.put("preferred_auth_method", AuthMethod.CHATGPT.wire());
        t.put("hide_agent_reasoning", false);
        t.put("show_raw_agent_reasoning", false);
        t.put("project_doc_max_bytes", 32_768L);
        t.put("history", table("persistence", HistoryPersistence.SAVE_ALL.wire()));
        t.put("file_opener", FileOpener.VSCODE.wire());
        t.put("tools", table("web_search", false, "view_image", true));
        t.put("disable_response_storage", false);
        t.put("chatgpt_base_url", "https://chatgpt.com/backend-api/");
        t.put(
                "mcp_server",
                table(
                        "elicitation_timeout_ms",
                        600_000L,
                        "respond_on_cancel",
                        false,
                        "codex_events",
                        true,
                        "progress_interval_ms",
                        1_000L,
                        "progress_heartbeat_ms",
                        10_000L,
                        "max_message_bytes",
                        McpServerSettings.DEFAULT_MAX_MESSAGE_BYTES,
                        "tasks",
                        McpTasksMode.AUTO.wire(),
                        "input_required_timeout_ms",
                        600_000L,
                        "modern_protocol",
                        true));
        t.put(
                "auth",
                table(
                        "issuer",
                        DEFAULT_ISSUER,
                        "client_id",
                        DEFAULT_CLIENT_ID,
                        "login_port",
                        1455L,
                        "login_timeout_seconds",
                        600L));
        return new ConfigLayer.Table("default", t);
    }

    /**
     * The built-in providers, applied last: like Codex, a {@code [model_providers.openai]} in config.toml does not
     * replace them.
     */
    public static ConfigLayer.Overrides builtInProviders(Map<String, String> env) {
        Map<String, Object> openai = new LinkedHashMap<>();
        openai.put("name", "OpenAI");
        String openaiBase = env.get("OPENAI_BASE_URL");
        if (openaiBase != null && !openaiBase.isBlank()) {
            openai.put("base_url", openaiBase);
        }
        openai.put("wire_api", WireApi.RESPONSES.wire());
        openai.put("http_headers", table("version", VERSION));
        openai.put(
                "env_http_headers",
                table("OpenAI-Organization", "OPENAI_ORGANIZATION", "OpenAI-Project", "OPENAI_PROJECT"));
        openai.put("requires_openai_auth", true);

        Map<String, Object> oss = new LinkedHashMap<>();
        oss.put("name", "gpt-oss");
        String ossBase = env.get("CODEX_OSS_BASE_URL");
        if (ossBase == null || ossBase.isBlank()) {
            String port = env.getOrDefault("CODEX_OSS_PORT", "11434");
            ossBase = "http://localhost:" + (port.isBlank() ? "11434" : port.trim()) + "/v1";
        }
        oss.put("base_url", ossBase);
        oss.put("wire_api", WireApi.CHAT.wire());

        List<ConfigOverride> overrides = new ArrayList<>();
        overrides.add(new ConfigOverride(List.of("model_providers", OPENAI_PROVIDER), openai, "built-in openai"));
        overrides.add(new ConfigOverride(List.of("model_providers", OSS_PROVIDER), oss, "built-in oss"));
        return new ConfigLayer.Overrides("built-in", overrides);
    }

    private static Map<String, Object> table(Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = ConfigDefaults.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version", "");
        // an unfiltered copy (a build that skipped Maven's resources phase) would otherwise print "${project.version}"
        if (version.isBlank() || version.contains("${")) {
            throw new IllegalStateException("version.properties was not filled in by the build: " + version);
        }
        return version;
    }
}
