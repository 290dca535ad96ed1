package io.codexquarkus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    /** A config.toml as real Codex users write them: providers, profiles, tables we do not know. */
    private static final String REALISTIC = """
            # ~/.codex/config.toml
            model = "gpt-5-codex"
            model_provider = "azure"
            approval_policy = "on-failure"
            sandbox_mode = "workspace-write"
            model_reasoning_effort = "high"
            model_reasoning_summary = "detailed"
            model_verbosity = "low"
            preferred_auth_method = "apikey"
            hide_agent_reasoning = true
            notify = ["notify-send", "Codex"]
            project_doc_max_bytes = 65536
            file_opener = "cursor"
            disable_response_storage = true
            profile = "local"

            [sandbox_workspace_write]
            writable_roots = ["/home/u/.cache"]
            network_access = true
            exclude_slash_tmp = true

            [shell_environment_policy]
            inherit = "core"
            exclude = ["AWS_*"]
            set = { CI = "1" }
            include_only = ["PATH", "HOME", "CI"]

            [history]
            persistence = "none"
            max_bytes = 1048576

            [tools]
            web_search = true

            [model_providers.azure]
            name = "Azure"
            base_url = "https://example.openai.azure.com/openai"
            env_key = "AZURE_OPENAI_API_KEY"
            query_params = { api-version = "2025-04-01-preview" }
            wire_api = "responses"
            request_max_retries = 7
            stream_idle_timeout_ms = 120000

            [model_providers.ollama]
            name = "Ollama"
            base_url = "http://localhost:11434/v1"

            [profiles.local]
            model = "gpt-oss:20b"
            model_provider = "ollama"

            [profiles.deep]
            model = "o3"
            model_reasoning_effort = "high"

            [projects."/home/u/work/repo"]
            trust_level = "trusted"

            [mcp_servers.docs]
            command = "npx"
            args = ["-y", "docs-mcp"]

            [tui]
            notifications = true

            [features]
            web_search_request = true
            """;

    private static LoadedConfig load(Path home, Optional<String> profile, String... overrides) {
        return ConfigLoader.load(new ConfigRequest(
                new CodexHome(home), home, profile, List.of(ConfigRequest.cliOverrides(List.of(overrides))), Map.of()));
    }

    @Test
    void loadsARealisticCodexConfig(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), REALISTIC);
        CodexConfig config = load(home, Optional.empty()).config();
        assertThat(config.profile()).contains("local");
        assertThat(config.model()).isEqualTo("gpt-oss:20b");
        assertThat(config.modelProviderId()).isEqualTo("ollama");
        assertThat(config.modelProvider().wireApi()).isEqualTo(WireApi.CHAT);
        assertThat(config.modelProvider().requestMaxRetries()).isEqualTo(4);
        assertThat(config.approvalPolicy()).isEqualTo(AskForApproval.ON_FAILURE);
        assertThat(config.sandboxMode()).isEqualTo(SandboxMode.WORKSPACE_WRITE);
        assertThat(config.sandboxWorkspaceWrite())
                .isEqualTo(new SandboxWorkspaceWrite(List.of("/home/u/.cache"), true, false, true));
        assertThat(config.shellEnvironmentPolicy().inherit()).isEqualTo(ShellEnvironmentInherit.CORE);
        assertThat(config.shellEnvironmentPolicy().set()).containsEntry("CI", "1");
        assertThat(config.modelReasoningEffort()).contains(ReasoningEffort.HIGH);
        assertThat(config.modelReasoningSummary()).isEqualTo(ReasoningSummary.DETAILED);
        assertThat(config.modelVerbosity()).contains(Verbosity.LOW);
        assertThat(config.preferredAuthMethod()).isEqualTo(AuthMethod.APIKEY);
        assertThat(config.hideAgentReasoning()).isTrue();
        assertThat(config.notifyCommand()).containsExactly("notify-send", "Codex");
        assertThat(config.projectDocMaxBytes()).isEqualTo(65_536);
        assertThat(config.history()).isEqualTo(new HistoryConfig(HistoryPersistence.NONE, Optional.of(1_048_576L)));
        assertThat(config.fileOpener()).isEqualTo(FileOpener.CURSOR);
        assertThat(config.tools().webSearch()).isTrue();
        assertThat(config.tools().viewImage()).isTrue();
        assertThat(config.disableResponseStorage()).isTrue();

        ModelProviderInfo azure = config.modelProviders().get("azure");
        assertThat(azure.baseUrl()).contains("https://example.openai.azure.com/openai");
        assertThat(azure.envKey()).contains("AZURE_OPENAI_API_KEY");
        assertThat(azure.queryParams()).containsEntry("api-version", "2025-04-01-preview");
        assertThat(azure.wireApi()).isEqualTo(WireApi.RESPONSES);
        assertThat(azure.requestMaxRetries()).isEqualTo(7);
        assertThat(azure.streamMaxRetries()).isEqualTo(5);
        assertThat(azure.streamIdleTimeoutMs()).isEqualTo(120_000);
        assertThat(config.modelProviders()).containsKeys("openai", "oss", "azure", "ollama");
        assertThat(config.modelProviders().get("openai").requiresOpenaiAuth()).isTrue();
        assertThat(config.modelProviders().get("oss").baseUrl()).contains("http://localhost:11434/v1");
    }

    @Test
    void profileFlagBeatsProfileKey(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), REALISTIC);
        CodexConfig config = load(home, Optional.of("deep")).config();
        assertThat(config.model()).isEqualTo("o3");
        assertThat(config.modelProviderId()).isEqualTo("azure");
    }

    @Test
    void missingFileMeansDefaultsAndCreatesNothing(@TempDir Path parent) {
        Path home = parent.resolve("not-yet");
        CodexConfig config = load(home, Optional.empty()).config();
        assertThat(config.model()).isEqualTo(ConfigDefaults.DEFAULT_MODEL);
        assertThat(config.approvalPolicy()).isEqualTo(AskForApproval.ON_REQUEST);
        assertThat(config.sandboxMode()).isEqualTo(SandboxMode.READ_ONLY);
        assertThat(config.modelProvider().id()).isEqualTo("openai");
        // the ChatGPT login: the callback port and issuer the OAuth client is registered with
        assertThat(config.auth().loginPort()).isEqualTo(1455);
        assertThat(config.auth().issuer()).isEqualTo("https://auth.openai.com");
        assertThat(config.auth().loginTimeoutSeconds()).isEqualTo(600);
        assertThat(home).doesNotExist();
    }

    @Test
    void malformedTomlNamesFileLineAndColumn(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), "model = \"x\"\n[oops\n");
        assertThatThrownBy(() -> load(home, Optional.empty()))
                .isInstanceOf(CodexException.class)
                .hasMessageStartingWith("Error loading config.toml: " + home.resolve("config.toml") + ":2:")
                .satisfies(e -> assertThat(((CodexException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void malformedValueNamesTheKeyWithItsTable(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), "model = \"x\"\n\n[profiles.fast]\nmodel = \n");
        assertThatThrownBy(() -> load(home, Optional.empty()))
                .hasMessageStartingWith("Error loading config.toml: " + home.resolve("config.toml")
                        + ":4:9: key `profiles.fast.model`: ");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "model = | 1 | model",
                "  approval_policy=on | 1 | approval_policy",
                "[oops | 1 | ''",
                "[tools]\\nweb_search = yes | 2 | tools.web_search",
                "[[ profiles . x ]] # c\\n\\nsandbox_workspace_write.network_access = maybe | 3 | profiles.x.sandbox_workspace_write.network_access",
            })
    void theKeyOfAMalformedLine(String text, int line, String key) {
        assertThat(ConfigLoader.keyAt(text.replace("\\n", "\n"), line).orElse(""))
                .isEqualTo(key);
    }

    @Test
    void wrongTypeNamesFileLineColumnAndKey(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), "# c\n\nsandbox_mode = 3\n");
        assertThatThrownBy(() -> load(home, Optional.empty()))
                .hasMessage(home.resolve("config.toml") + ":3:1: invalid value for `sandbox_mode`: expected one of"
                        + " `read-only`, `workspace-write`, `danger-full-access`, found integer 3");
    }

    @Test
    void unknownEnumVariantIsNamed(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), "approval_policy = \"sometimes\"\n");
        assertThatThrownBy(() -> load(home, Optional.empty()))
                .hasMessageContaining(":1:1: invalid value for `approval_policy`: unknown variant `sometimes`");
    }

    @Test
    void wrongTypeInAProfileNamesTheProfileKey(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), "[profiles.p]\nmodel = 5\n");
        assertThatThrownBy(() -> load(home, Optional.of("p")))
                .hasMessage(home.resolve("config.toml") + ":2:1: invalid value for `model`: expected a string, found"
                        + " integer 5");
    }

    @Test
    void wrongTypeFromAnOverrideNamesTheOverride(@TempDir Path home) {
        assertThatThrownBy(() -> load(home, Optional.empty(), "hide_agent_reasoning=maybe"))
                .hasMessage("-c hide_agent_reasoning=maybe: invalid value for `hide_agent_reasoning`: expected a"
                        + " boolean, found string \"maybe\"");
    }

    @Test
    void unknownProfileAndProvider(@TempDir Path home) {
        assertThatThrownBy(() -> load(home, Optional.of("nope"))).hasMessage("config profile `nope` not found");
        assertThatThrownBy(() -> load(home, Optional.empty(), "model_provider=ghost"))
                .hasMessage("Model provider `ghost` not found");
    }

    @Test
    void unknownKeysAreIgnored(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.toml"), "brand_new_key = 1\n[brand_new_table]\nx = [1]\n");
        LoadedConfig loaded = load(home, Optional.empty());
        assertThat(loaded.tree()).containsKeys("brand_new_key", "brand_new_table");
        assertThat(loaded.config().model()).isEqualTo(ConfigDefaults.DEFAULT_MODEL);
    }

    @Test
    void ossProviderFollowsTheEnvironment(@TempDir Path home) {
        LoadedConfig loaded = ConfigLoader.load(new ConfigRequest(
                new CodexHome(home),
                home,
                Optional.empty(),
                List.of(),
                Map.of("CODEX_OSS_PORT", "9999", "OPENAI_BASE_URL", "http://127.0.0.1:1/v1")));
        assertThat(loaded.config().modelProviders().get("oss").baseUrl()).contains("http://localhost:9999/v1");
        assertThat(loaded.config().modelProviders().get("openai").baseUrl()).contains("http://127.0.0.1:1/v1");
    }

    @Test
    void compactionKeys(@TempDir Path home) {
        CodexConfig unset = load(home, Optional.empty()).config();
        assertThat(unset.modelAutoCompactTokenLimit()).isEmpty();
        assertThat(unset.compactPrompt()).isEmpty();

        CodexConfig set = load(
                        home,
                        Optional.empty(),
                        "model_auto_compact_token_limit=5000",
                        "compact_prompt=\"Summarise briefly.\"")
                .config();
        assertThat(set.modelAutoCompactTokenLimit()).contains(5_000L);
        assertThat(set.compactPrompt()).contains("Summarise briefly.");
    }
}
