package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.auth.TestTokens;
import io.codexquarkus.common.Json;
import io.codexquarkus.testing.McpTestClient;
import io.codexquarkus.testing.ScriptedModelClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth methods and their notifications over an in-process server (the subprocess side is AuthMethodsIT). */
class AuthMethodsTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private MethodsHarness mcp;

    private McpTestClient start(List<String> overrides, Map<String, String> env) throws InterruptedException {
        if (mcp != null) {
            mcp.close();
        }
        mcp = new MethodsHarness(home, work, new ScriptedModelClient(), new TestTools(), overrides, env);
        mcp.client.initialize(true);
        return mcp.client;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (mcp != null) {
            mcp.close();
        }
    }

    private Path authJson() {
        return home.resolve("auth.json");
    }

    private void writeAuth(String text) throws Exception {
        Files.writeString(authJson(), text, StandardCharsets.UTF_8);
    }

    private static String chatGpt(String apiKey) {
        return TestTokens.chatGptAuthJson(
                apiKey, "access-1", "refresh-1", Instant.now().toString());
    }

    private JsonNode status(List<String> overrides, Map<String, String> env, boolean includeToken) throws Exception {
        start(overrides, env);
        return mcp.call("getAuthStatus", "{\"includeToken\":" + includeToken + ",\"refreshToken\":false}");
    }

    @Test
    void getAuthStatusMatrix() throws Exception {
        assertThat(status(List.of(), Map.of(), true)).isEqualTo(Json.parse("{\"preferredAuthMethod\":\"chatgpt\"}"));
        assertThat(status(List.of("preferred_auth_method=apikey"), Map.of(), true))
                .isEqualTo(Json.parse("{\"preferredAuthMethod\":\"apikey\"}"));
        assertThat(status(List.of(), Map.of("OPENAI_API_KEY", "sk-env"), true))
                .isEqualTo(Json.parse(
                        "{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"chatgpt\",\"authToken\":\"sk-env\"}"));

        writeAuth("{\"OPENAI_API_KEY\":\"sk-file\"}");
        assertThat(status(List.of(), Map.of(), true))
                .isEqualTo(Json.parse(
                        "{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"chatgpt\",\"authToken\":\"sk-file\"}"));
        assertThat(status(List.of(), Map.of(), false))
                .isEqualTo(Json.parse("{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"chatgpt\"}"));

        writeAuth(chatGpt(null));
        assertThat(status(List.of(), Map.of(), true))
                .isEqualTo(Json.parse(
                        "{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"chatgpt\",\"authToken\":\"access-1\"}"));
        assertThat(status(List.of("preferred_auth_method=apikey"), Map.of(), true))
                .isEqualTo(Json.parse(
                        "{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"apikey\",\"authToken\":\"access-1\"}"));

        writeAuth(chatGpt("sk-exchanged"));
        assertThat(status(List.of(), Map.of(), true))
                .isEqualTo(Json.parse(
                        "{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"chatgpt\",\"authToken\":\"access-1\"}"));
        assertThat(status(List.of("preferred_auth_method=apikey"), Map.of(), true))
                .isEqualTo(Json.parse("{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"apikey\","
                        + "\"authToken\":\"sk-exchanged\"}"));
        // params are optional here (upstream required the object)
        start(List.of(), Map.of());
        assertThat(mcp.call("getAuthStatus", null))
                .isEqualTo(Json.parse("{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"chatgpt\"}"));
        JsonNode bad = mcp.error("getAuthStatus", "{\"includeToken\":\"yes\"}");
        assertThat(bad.path("code").asInt()).isEqualTo(-32602);
        assertThat(bad.path("message").asText()).isEqualTo("getAuthStatus: `includeToken` must be a boolean");
    }

    @Test
    void loginApiKeyAnswersThenNotifies() throws Exception {
        McpTestClient client = start(List.of(), Map.of());
        int id = client.request("loginApiKey", Json.parse("{\"apiKey\":\"sk-test-key\"}"));
        assertThat(client.readResponse(id).path("result")).isEqualTo(Json.parse("{}"));
        JsonNode change = client.readNotification("authStatusChange");
        assertThat(change.path("params")).isEqualTo(Json.parse("{\"authMethod\":\"apikey\"}"));
        assertRepliedBefore(client, id, m -> m.path("method").asText().equals("authStatusChange"));
        assertThat(Json.parse(Files.readString(authJson())))
                .isEqualTo(Json.parse("{\"OPENAI_API_KEY\":\"sk-test-key\"}"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authJson())))
                .isEqualTo("rw-------");
        assertThat(mcp.call("getAuthStatus", "{\"includeToken\":true}")
                        .path("authToken")
                        .asText())
                .isEqualTo("sk-test-key");
        JsonNode missing = mcp.error("loginApiKey", "{}");
        assertThat(missing.path("message").asText()).isEqualTo("loginApiKey: missing field `apiKey`");
    }

    @Test
    void logoutRemovesAuthJsonAndWorksWhenLoggedOut() throws Exception {
        writeAuth("{\"OPENAI_API_KEY\":\"sk-test\"}");
        McpTestClient client = start(List.of(), Map.of());
        int id = client.request("logoutChatGpt", null);
        assertThat(client.readResponse(id).path("result")).isEqualTo(Json.parse("{}"));
        assertThat(client.readNotification("authStatusChange").path("params")).isEqualTo(Json.parse("{}"));
        assertRepliedBefore(client, id, m -> m.path("method").asText().equals("authStatusChange"));
        assertThat(authJson()).doesNotExist();
        assertThat(mcp.call("getAuthStatus", "{\"includeToken\":true}"))
                .isEqualTo(Json.parse("{\"preferredAuthMethod\":\"chatgpt\"}"));

        int again = client.request("logout", null);
        assertThat(client.readResponse(again).path("result")).isEqualTo(Json.parse("{}"));
        assertThat(client.readNotification("authStatusChange").path("params")).isEqualTo(Json.parse("{}"));
    }

    @Test
    void logoutReportsTheCredentialThatIsLeft() throws Exception {
        writeAuth(chatGpt(null));
        McpTestClient client = start(List.of(), Map.of("OPENAI_API_KEY", "sk-env"));
        mcp.call("logoutChatGpt", "{}");
        assertThat(client.readNotification("authStatusChange").path("params"))
                .isEqualTo(Json.parse("{\"authMethod\":\"apikey\"}"));
    }

    @Test
    void userInfoReadsTheEmailClaim() throws Exception {
        start(List.of(), Map.of());
        assertThat(mcp.call("userInfo", null)).isEqualTo(Json.parse("{\"allegedUserEmail\":null}"));
        writeAuth(chatGpt(null));
        assertThat(mcp.call("userInfo", "{}")).isEqualTo(Json.parse("{\"allegedUserEmail\":\"dev@example.com\"}"));
    }

    @Test
    void malformedAuthJsonIsReportedAndLeftAlone() throws Exception {
        writeAuth("{\"tokens\": 42");
        start(List.of(), Map.of());
        JsonNode status = mcp.error("getAuthStatus", "{}");
        assertThat(status.path("code").asInt()).isEqualTo(-32603);
        assertThat(status.path("message").asText())
                .startsWith("failed to read auth status: malformed auth file " + authJson());
        JsonNode info = mcp.error("userInfo", null);
        assertThat(info.path("message").asText()).startsWith("failed to read user info: malformed auth file");
        assertThat(Files.readString(authJson())).isEqualTo("{\"tokens\": 42");
    }

    @Test
    void chatGptLoginCanBeCancelledAndReportsItAfterTheReply() throws Exception {
        McpTestClient client = start(List.of("auth.login_port=0"), Map.of());
        JsonNode login = mcp.call("loginChatGpt", null);
        String loginId = login.path("loginId").asText();
        assertThat(UUID.fromString(loginId).toString()).isEqualTo(loginId);
        assertThat(login.path("authUrl").asText())
                .startsWith("https://auth.openai.com/oauth/authorize?response_type=code&client_id=")
                .contains("code_challenge_method=S256", "&state=", "originator=codex_cli_rs");
        assertThat(login.properties()).extracting(Map.Entry::getKey).containsExactly("loginId", "authUrl");

        int cancel = client.request("cancelLoginChatGpt", Json.parse("{\"loginId\":\"" + loginId + "\"}"));
        assertThat(client.readResponse(cancel).path("result")).isEqualTo(Json.parse("{}"));
        JsonNode complete = client.readNotification("loginChatGptComplete");
        assertThat(complete.path("params"))
                .isEqualTo(Json.parse("{\"loginId\":\"" + loginId
                        + "\",\"success\":false,\"error\":\"Login server error: Login was not completed\"}"));
        assertRepliedBefore(client, cancel, m -> m.path("method").asText().equals("loginChatGptComplete"));

        JsonNode unknown = mcp.error("cancelLoginChatGpt", "{\"loginId\":\"" + loginId + "\"}");
        assertThat(unknown.path("code").asInt()).isEqualTo(-32600);
        assertThat(unknown.path("message").asText()).isEqualTo("login id not found: " + loginId);
        JsonNode notUuid = mcp.error("cancelLoginChatGpt", "{\"loginId\":\"nope\"}");
        assertThat(notUuid.path("code").asInt()).isEqualTo(-32602);
    }

    @Test
    void aSecondLoginReplacesTheFirst() throws Exception {
        McpTestClient client = start(List.of("auth.login_port=0"), Map.of());
        String first = mcp.call("loginChatGpt", null).path("loginId").asText();
        String second = mcp.call("loginChatGpt", "{}").path("loginId").asText();
        // the first attempt ended before the second was answered (the reply read above skipped past it)
        assertThat(client.seen())
                .filteredOn(m -> m.path("method").asText().equals("loginChatGptComplete"))
                .singleElement()
                .satisfies(m -> assertThat(m.path("params"))
                        .isEqualTo(Json.parse("{\"loginId\":\"" + first
                                + "\",\"success\":false,\"error\":\"Login server error: Login was not completed\"}")));
        assertThat(mcp.call("cancelLoginChatGpt", "{\"loginId\":\"" + second + "\"}"))
                .isEqualTo(Json.parse("{}"));
        assertThat(client.readNotification("loginChatGptComplete")
                        .path("params")
                        .path("loginId")
                        .asText())
                .isEqualTo(second);
    }

    @Test
    void aBusyLoginPortIsAnInternalError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            start(List.of("auth.login_port=" + busy.getLocalPort()), Map.of());
            JsonNode error = mcp.error("loginChatGpt", null);
            assertThat(error.path("code").asInt()).isEqualTo(-32603);
            assertThat(error.path("message").asText())
                    .isEqualTo("failed to start login server: Port 127.0.0.1:" + busy.getLocalPort()
                            + " is already in use");
        }
    }

    private static void assertRepliedBefore(McpTestClient client, int id, Predicate<JsonNode> notification) {
        List<JsonNode> seen = client.seen();
        int reply = -1;
        int note = -1;
        for (int i = 0; i < seen.size(); i++) {
            JsonNode m = seen.get(i);
            if (reply < 0 && !m.has("method") && m.path("id").asInt(-1) == id) {
                reply = i;
            }
            if (note < 0 && notification.test(m)) {
                note = i;
            }
        }
        assertThat(reply).as("reply").isNotNegative();
        assertThat(note).as("notification").isGreaterThan(reply);
    }
}
