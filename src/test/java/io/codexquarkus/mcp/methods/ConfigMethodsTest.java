package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.testing.ScriptedModelClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code getUserSavedConfig}, {@code setDefaultModel} and {@code getUserAgent}. */
class ConfigMethodsTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private MethodsHarness mcp;

    private JsonNode start(List<String> overrides) throws InterruptedException {
        mcp = new MethodsHarness(home, work, new ScriptedModelClient(), new TestTools(), overrides, Map.of());
        return mcp.client.initialize(true);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (mcp != null) {
            mcp.close();
        }
    }

    private Path config() {
        return home.resolve("config.toml");
    }

    @Test
    void savedConfigIsTheRawFileInUpstreamShape() throws Exception {
        Files.writeString(config(), resourceText("user-saved-config.toml"), StandardCharsets.UTF_8);
        start(List.of("model=from-the-command-line"));
        JsonNode result = mcp.call("getUserSavedConfig", null);
        assertThat(result).isEqualTo(Json.parse(resourceText("user-saved-config.json")));
        assertThat(result.path("config").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly(
                        "approvalPolicy",
                        "sandboxMode",
                        "sandboxSettings",
                        "model",
                        "modelReasoningEffort",
                        "modelReasoningSummary",
                        "modelVerbosity",
                        "tools",
                        "profile",
                        "profiles");
    }

    @Test
    void missingConfigHasOnlyProfiles() throws Exception {
        start(List.of());
        assertThat(mcp.call("getUserSavedConfig", "{}")).isEqualTo(Json.parse("{\"config\":{\"profiles\":{}}}"));
        Files.writeString(config(), "[sandbox_workspace_write]\n[tools]\nweb_search_request = true\n");
        assertThat(mcp.call("getUserSavedConfig", "{}"))
                .isEqualTo(Json.parse("{\"config\":{\"sandboxSettings\":{\"writableRoots\":[]},"
                        + "\"tools\":{\"webSearch\":true},\"profiles\":{}}}"));
    }

    @Test
    void brokenConfigIsAnInternalErrorNamingTheProblem() throws Exception {
        start(List.of());
        Files.writeString(config(), "model = \n");
        JsonNode malformed = mcp.error("getUserSavedConfig", null);
        assertThat(malformed.path("code").asInt()).isEqualTo(-32603);
        assertThat(malformed.path("message").asText()).startsWith("failed to load config.toml: ");

        Files.writeString(config(), "model = 5\n");
        JsonNode type = mcp.error("getUserSavedConfig", null);
        assertThat(type.path("message").asText())
                .isEqualTo("failed to parse config.toml: invalid type for `model`: expected a string, found integer 5");
        Files.writeString(config(), "[profiles.p]\napproval_policy = \"sometimes\"\n");
        JsonNode variant = mcp.error("getUserSavedConfig", null);
        assertThat(variant.path("message").asText())
                .isEqualTo("failed to parse config.toml: unknown variant `sometimes`, expected one of `untrusted`,"
                        + " `on-failure`, `on-request`, `never` in `profiles.p.approval_policy`");
    }

    @Test
    void setDefaultModelKeepsCommentsAndLayout() throws Exception {
        Files.writeString(config(), """
                # my settings
                model = "gpt-5" # the usual one
                model_reasoning_effort = "low"

                [tools]
                # keep this
                web_search = true
                """, StandardCharsets.UTF_8);
        start(List.of());
        assertThat(mcp.call("setDefaultModel", "{\"model\":\"o3\",\"reasoningEffort\":\"high\"}"))
                .isEqualTo(Json.parse("{}"));
        String text = Files.readString(config());
        assertThat(text).contains("# my settings", "# keep this", "[tools]", "web_search = true");
        Map<String, Object> tree = ConfigLoader.readFile(config()).tree();
        assertThat(tree).containsEntry("model", "o3").containsEntry("model_reasoning_effort", "high");
        assertThat(mcp.call("getUserSavedConfig", null)
                        .path("config")
                        .path("model")
                        .asText())
                .isEqualTo("o3");

        mcp.call("setDefaultModel", "{\"model\":\"o4-mini\"}");
        tree = ConfigLoader.readFile(config()).tree();
        assertThat(tree).containsEntry("model", "o4-mini").doesNotContainKey("model_reasoning_effort");
        assertThat(Files.readString(config())).contains("# my settings", "# keep this");

        JsonNode bad = mcp.error("setDefaultModel", "{\"reasoningEffort\":\"extreme\"}");
        assertThat(bad.path("code").asInt()).isEqualTo(-32602);
        assertThat(bad.path("message").asText()).startsWith("setDefaultModel: `reasoningEffort` unknown variant");
        assertThat(ConfigLoader.readFile(config()).tree()).containsEntry("model", "o4-mini");
    }

    @Test
    void setDefaultModelWritesIntoTheActiveProfile() throws Exception {
        Files.writeString(config(), "profile = \"fast\"\n\n[profiles.fast]\nmodel = \"o3\"\n", StandardCharsets.UTF_8);
        start(List.of());
        mcp.call("setDefaultModel", "{\"model\":\"gpt-5\",\"reasoningEffort\":\"minimal\"}");
        Map<String, Object> tree = ConfigLoader.readFile(config()).tree();
        assertThat(tree).doesNotContainKey("model");
        assertThat(tree.get("profiles"))
                .isEqualTo(Map.of("fast", Map.of("model", "gpt-5", "model_reasoning_effort", "minimal")));
    }

    @Test
    void setDefaultModelCreatesTheFileAndRefusesAMalformedOne() throws Exception {
        start(List.of());
        mcp.call("setDefaultModel", "{\"model\":\"o3\"}");
        assertThat(ConfigLoader.readFile(config()).tree()).isEqualTo(Map.of("model", "o3"));
        Files.writeString(config(), "model = [\n");
        JsonNode broken = mcp.error("setDefaultModel", "{\"model\":\"o3\"}");
        assertThat(broken.path("code").asInt()).isEqualTo(-32603);
        assertThat(Files.readString(config())).isEqualTo("model = [\n");
    }

    @Test
    void userAgentIsTheOneInitializeReported() throws Exception {
        JsonNode init = start(List.of());
        String reported =
                init.path("result").path("serverInfo").path("user_agent").asText();
        JsonNode result = mcp.call("getUserAgent", null);
        assertThat(result).isEqualTo(Json.MAPPER.createObjectNode().put("userAgent", reported));
        assertThat(reported).startsWith("codex_cli_rs/0.1.0 (").endsWith(" (elicitation test; 0.0.0)");
    }

    private static String resourceText(String name) throws IOException {
        try (InputStream in = ConfigMethodsTest.class.getResourceAsStream("/golden/mcp-methods/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
