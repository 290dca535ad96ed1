package io.codexquarkus.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AuthMethod;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.mcp.protocol.AuthStatusChangeNotification;
import io.codexquarkus.mcp.protocol.GetAuthStatusResponse;
import io.codexquarkus.mcp.protocol.LoginChatGptCompleteNotification;
import io.codexquarkus.mcp.protocol.LoginChatGptResponse;
import io.codexquarkus.mcp.protocol.UserInfoResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The facade the MCP server calls: wire shapes of the 0.34 auth methods and their notifications. */
class AuthServiceTest {
    @TempDir
    Path home;

    WireMockServer issuer;
    final List<String> notifications = new ArrayList<>();

    @BeforeEach
    void start() {
        issuer =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        issuer.start();
    }

    @AfterEach
    void stop() {
        issuer.stop();
    }

    private AuthService service(AuthMethod preferred, Map<String, String> env) {
        AuthService service = AuthService.builder(new CodexHome(home), AuthManagerTest.settings(issuer))
                .preferredAuthMethod(preferred)
                .environment(env)
                .clock(Clock.fixed(AuthManagerTest.NOW, ZoneOffset.UTC))
                .build();
        service.addAuthStatusListener(
                change -> notifications.add(Json.write(new AuthStatusChangeNotification(change))));
        return service;
    }

    private String status(AuthMethod preferred, Map<String, String> env, boolean includeToken) {
        try (AuthService service = service(preferred, env)) {
            return Json.write(GetAuthStatusResponse.from(service.getAuthStatus(includeToken, false)));
        }
    }

    private void writeAuth(String json) throws Exception {
        Files.writeString(home.resolve("auth.json"), json);
    }

    @Test
    void notLoggedIn() {
        assertThat(status(AuthMethod.CHATGPT, Map.of(), true)).isEqualTo("{\"preferredAuthMethod\":\"chatgpt\"}");
        assertThat(status(AuthMethod.APIKEY, Map.of(), false)).isEqualTo("{\"preferredAuthMethod\":\"apikey\"}");
    }

    @Test
    void apiKeyInFile() throws Exception {
        writeAuth("{\"OPENAI_API_KEY\": \"sk-file\"}");
        assertThat(status(AuthMethod.CHATGPT, Map.of("OPENAI_API_KEY", "sk-env"), true))
                .isEqualTo("{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"chatgpt\",\"authToken\":\"sk-file\"}");
        assertThat(status(AuthMethod.CHATGPT, Map.of(), false))
                .isEqualTo("{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"chatgpt\"}");
    }

    @Test
    void environmentKeyWithoutFile() {
        assertThat(status(AuthMethod.CHATGPT, Map.of("OPENAI_API_KEY", "sk-env"), true))
                .isEqualTo("{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"chatgpt\",\"authToken\":\"sk-env\"}");
    }

    @Test
    void chatGptTokens() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson(null, "at-1", "rt-1", AuthManagerTest.FRESH));
        assertThat(status(AuthMethod.APIKEY, Map.of("OPENAI_API_KEY", "sk-env"), true))
                .isEqualTo("{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"apikey\",\"authToken\":\"at-1\"}");
        assertThat(status(AuthMethod.CHATGPT, Map.of(), false))
                .isEqualTo("{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"chatgpt\"}");
    }

    @ParameterizedTest
    @CsvSource({
        "chatgpt, true, '{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"chatgpt\",\"authToken\":\"at-1\"}'",
        "chatgpt, false, '{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"chatgpt\"}'",
        "apikey, true, '{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"apikey\",\"authToken\":\"sk-both\"}'",
        "apikey, false, '{\"authMethod\":\"apikey\",\"preferredAuthMethod\":\"apikey\"}'"
    })
    void bothCredentialsFollowThePreference(String preferred, boolean includeToken, String expected) throws Exception {
        writeAuth(TestTokens.chatGptAuthJson("sk-both", "at-1", "rt-1", AuthManagerTest.FRESH));
        assertThat(status(AuthMethod.fromWire(preferred), Map.of(), includeToken))
                .isEqualTo(expected);
    }

    @Test
    void emptyKeyReportsNoMethod() throws Exception {
        writeAuth("{\"OPENAI_API_KEY\": \"\"}");
        assertThat(status(AuthMethod.CHATGPT, Map.of(), true)).isEqualTo("{\"preferredAuthMethod\":\"chatgpt\"}");
    }

    @Test
    void refreshTokenFlagRefreshesFirst() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson(null, "at-old", "rt-old", AuthManagerTest.FRESH));
        issuer.stubFor(post(urlEqualTo("/oauth/token"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"at-refreshed\"}")));
        try (AuthService service = service(AuthMethod.CHATGPT, Map.of())) {
            assertThat(service.getAuthStatus(true, true).token()).contains("at-refreshed");
        }
    }

    @Test
    void refusedStaleRefreshStillReportsTheMethod() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson(null, "at-old", "rt-old", AuthManagerTest.STALE));
        issuer.stubFor(post(urlEqualTo("/oauth/token")).willReturn(aResponse().withStatus(401)));
        assertThat(status(AuthMethod.CHATGPT, Map.of(), true))
                .isEqualTo("{\"authMethod\":\"chatgpt\",\"preferredAuthMethod\":\"chatgpt\"}");
    }

    @Test
    void loginApiKeyWritesOwnerOnlyFileAndNotifies() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson(null, "at", "rt", AuthManagerTest.FRESH));
        try (AuthService service = service(AuthMethod.CHATGPT, Map.of())) {
            service.loginApiKey("sk-new");
        }
        Path file = home.resolve("auth.json");
        assertThat(Files.readString(file)).isEqualTo("{\n  \"OPENAI_API_KEY\": \"sk-new\"\n}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(notifications).containsExactly("{\"authMethod\":\"apikey\"}");
    }

    @Test
    void logoutRemovesTheFileAndWorksWhenLoggedOut() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson(null, "at", "rt", AuthManagerTest.FRESH));
        try (AuthService service = service(AuthMethod.CHATGPT, Map.of())) {
            assertThat(service.logout()).isTrue();
            assertThat(home.resolve("auth.json")).doesNotExist();
            assertThat(service.logout()).isFalse();
        }
        assertThat(notifications).containsExactly("{}", "{}");
    }

    @Test
    void logoutReportsACredentialThatIsLeft() throws Exception {
        writeAuth("{\"OPENAI_API_KEY\": \"sk-file\"}");
        try (AuthService service = service(AuthMethod.CHATGPT, Map.of("OPENAI_API_KEY", "sk-env"))) {
            service.logout();
            assertThat(service.getAuthStatus(true, false).token()).contains("sk-env");
        }
        assertThat(notifications).containsExactly("{\"authMethod\":\"apikey\"}");
    }

    @Test
    void notificationsCanBeHeldBackUntilTheReplyIsOut() {
        List<String> order = new ArrayList<>();
        try (AuthService service = service(AuthMethod.CHATGPT, Map.of())) {
            service.addAuthStatusListener(change -> order.add("notification"));
            service.deferringNotifications(() -> {
                service.loginApiKey("sk-1");
                order.add("reply");
            });
            AuthStatusNotifier.NotificationScope scope = service.deferNotifications();
            service.logout();
            order.add("second reply");
            scope.close();
        }
        assertThat(order).containsExactly("reply", "notification", "second reply", "notification");
    }

    @Test
    void userInfoIsTheEmailClaimOrNull() throws Exception {
        try (AuthService service = service(AuthMethod.CHATGPT, Map.of())) {
            assertThat(Json.write(new UserInfoResponse(service.userEmail()))).isEqualTo("{\"allegedUserEmail\":null}");
            writeAuth(TestTokens.chatGptAuthJson("sk", "at", "rt", AuthManagerTest.FRESH));
            assertThat(Json.write(new UserInfoResponse(service.userEmail())))
                    .isEqualTo("{\"allegedUserEmail\":\"dev@example.com\"}");
        }
    }

    @Test
    void cancellingAnUnknownLoginIsAnError() {
        try (AuthService service = service(AuthMethod.CHATGPT, Map.of())) {
            assertThatThrownBy(() -> service.cancelLoginChatGpt("3f1c0000-0000-4000-8000-000000000000"))
                    .isInstanceOf(LoginNotFoundException.class)
                    .hasMessage("login id not found: 3f1c0000-0000-4000-8000-000000000000");
        }
    }

    @Test
    void wireShapesOfTheLoginMessages() {
        assertThat(Json.write(new LoginChatGptResponse("id-1", "https://x")))
                .isEqualTo("{\"loginId\":\"id-1\",\"authUrl\":\"https://x\"}");
        assertThat(Json.write(LoginChatGptCompleteNotification.from(LoginOutcome.succeeded("id-1"))))
                .isEqualTo("{\"loginId\":\"id-1\",\"success\":true}");
        assertThat(Json.write(LoginChatGptCompleteNotification.from(LoginOutcome.failed("id-1", "Login timed out"))))
                .isEqualTo("{\"loginId\":\"id-1\",\"success\":false,\"error\":\"Login timed out\"}");
        assertThat(Json.write(new AuthStatusChangeNotification(Optional.of(AuthMethod.CHATGPT))))
                .isEqualTo("{\"authMethod\":\"chatgpt\"}");
        assertThat(Json.write(new AuthStatusChangeNotification(Optional.empty())))
                .isEqualTo("{}");
    }
}
