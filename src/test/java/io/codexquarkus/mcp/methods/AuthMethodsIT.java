package io.codexquarkus.mcp.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth methods and notifications of the packaged {@code codex-quarkus mcp}, over real stdio pipes. */
class AuthMethodsIT {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private final List<McpProcess> processes = new ArrayList<>();

    private McpProcess start(String... args) throws InterruptedException {
        McpProcess mcp = new McpProcess(home, work, Map.of(), args);
        processes.add(mcp);
        mcp.client.initialize(true);
        return mcp;
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (McpProcess mcp : processes) {
            mcp.kill();
        }
    }

    @Test
    void startupOverridesReachGetAuthStatus() throws Exception {
        McpProcess plain = start();
        assertThat(plain.call("getAuthStatus", "{}")).isEqualTo(Json.parse("{\"preferredAuthMethod\":\"chatgpt\"}"));
        assertThat(plain.close()).isZero();

        McpProcess apikey = start("-c", "preferred_auth_method=apikey");
        assertThat(apikey.call("getAuthStatus", "{\"includeToken\":true,\"refreshToken\":false}"))
                .isEqualTo(Json.parse("{\"preferredAuthMethod\":\"apikey\"}"));
        assertThat(apikey.close()).isZero();
    }

    @Test
    void apiKeyLoginAndLogoutWithTheirNotifications() throws Exception {
        McpProcess mcp = start();
        int login = mcp.client.request("loginApiKey", Json.parse("{\"apiKey\":\"sk-test-key\"}"));
        assertThat(mcp.client.readResponse(login).path("result")).isEqualTo(Json.parse("{}"));
        assertThat(mcp.client.readNotification("authStatusChange").path("params"))
                .isEqualTo(Json.parse("{\"authMethod\":\"apikey\"}"));
        assertNotifiedAfter(mcp, login, "authStatusChange");
        Path auth = home.resolve("auth.json");
        assertThat(Json.parse(Files.readString(auth))).isEqualTo(Json.parse("{\"OPENAI_API_KEY\":\"sk-test-key\"}"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)))
                .isEqualTo("rw-------");
        assertThat(mcp.call("getAuthStatus", "{\"includeToken\":true}"))
                .isEqualTo(Json.parse("{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"chatgpt\","
                        + "\"authToken\":\"sk-test-key\"}"));

        int logout = mcp.client.request("logoutChatGpt", null);
        assertThat(mcp.client.readResponse(logout).path("result")).isEqualTo(Json.parse("{}"));
        JsonNode change = mcp.client.readUntil(
                m -> m.path("method").asText().equals("authStatusChange")
                        && m.path("params").isEmpty(),
                io.codexquarkus.testing.McpTestClient.TIMEOUT);
        assertThat(change.path("params")).isEqualTo(Json.parse("{}"));
        assertThat(auth).doesNotExist();
        assertThat(mcp.call("getAuthStatus", "{\"includeToken\":true}"))
                .isEqualTo(Json.parse("{\"preferredAuthMethod\":\"chatgpt\"}"));
        assertThat(mcp.call("userInfo", null)).isEqualTo(Json.parse("{\"allegedUserEmail\":null}"));
        assertThat(mcp.close()).isZero();
    }

    /**
     * A malformed auth.json is never touched by reads: {@code getAuthStatus} and {@code userInfo} report it as an
     * error and leave bytes and mtime alone. {@code logoutChatGpt} removes it: the user asked to be logged out.
     */
    @Test
    void malformedAuthJsonSurvivesReadsAndOnlyLogoutRemovesIt() throws Exception {
        Path auth = home.resolve("auth.json");
        byte[] bytes = "{\"OPENAI_API_KEY\": \"sk-half-written\"".getBytes(StandardCharsets.UTF_8);
        Files.write(auth, bytes);
        FileTime mtime = FileTime.from(Instant.parse("2024-05-06T07:08:09Z"));
        Files.setLastModifiedTime(auth, mtime);

        McpProcess mcp = start();
        for (int i = 0; i < 2; i++) {
            JsonNode status = mcp.respond("getAuthStatus", "{\"includeToken\":true,\"refreshToken\":true}");
            assertThat(status.path("error").path("code").asInt()).isEqualTo(-32603);
            assertThat(status.path("error").path("message").asText())
                    .startsWith("failed to read auth status: malformed auth file " + auth);
        }
        JsonNode info = mcp.respond("userInfo", null);
        assertThat(info.path("error").path("message").asText()).startsWith("failed to read user info: ");
        assertThat(Files.readAllBytes(auth)).isEqualTo(bytes);
        assertThat(Files.getLastModifiedTime(auth)).isEqualTo(mtime);

        int logout = mcp.client.request("logout", null);
        assertThat(mcp.client.readResponse(logout).path("result")).isEqualTo(Json.parse("{}"));
        assertThat(mcp.client.readNotification("authStatusChange").path("params"))
                .isEqualTo(Json.parse("{}"));
        assertThat(auth).doesNotExist();
        assertThat(mcp.close()).isZero();
    }

    @Test
    void chatGptLoginCancelledReportsNotCompleted() throws Exception {
        McpProcess mcp = start("-c", "auth.login_port=0");
        JsonNode login = mcp.call("loginChatGpt", null);
        String loginId = login.path("loginId").asText();
        String authUrl = login.path("authUrl").asText();
        assertThat(authUrl)
                .startsWith("https://auth.openai.com/oauth/authorize?")
                .contains("redirect_uri=");

        int cancel = mcp.client.request("cancelLoginChatGpt", Json.parse("{\"loginId\":\"" + loginId + "\"}"));
        assertThat(mcp.client.readResponse(cancel).path("result")).isEqualTo(Json.parse("{}"));
        JsonNode complete = mcp.client.readNotification("loginChatGptComplete");
        assertThat(complete.path("params"))
                .isEqualTo(Json.parse("{\"loginId\":\"" + loginId
                        + "\",\"success\":false,\"error\":\"Login server error: Login was not completed\"}"));
        assertNotifiedAfter(mcp, cancel, "loginChatGptComplete");

        JsonNode again = mcp.respond("cancelLoginChatGpt", "{\"loginId\":\"" + loginId + "\"}");
        assertThat(again.path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(again.path("error").path("message").asText()).isEqualTo("login id not found: " + loginId);

        // a login left running is cancelled when the client goes away, and the process still exits
        mcp.call("loginChatGpt", "{}");
        assertThat(mcp.close()).isZero();
        assertThat(mcp.stderr()).doesNotContain("Exception");
    }

    private static void assertNotifiedAfter(McpProcess mcp, int id, String method) {
        List<JsonNode> seen = mcp.client.seen();
        int reply = indexOf(seen, m -> !m.has("method") && m.path("id").asInt(-1) == id);
        int notification = indexOf(seen, m -> m.path("method").asText().equals(method));
        assertThat(reply).isNotNegative();
        assertThat(notification).isGreaterThan(reply);
    }

    private static int indexOf(List<JsonNode> messages, Predicate<JsonNode> match) {
        for (int i = 0; i < messages.size(); i++) {
            if (match.test(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
