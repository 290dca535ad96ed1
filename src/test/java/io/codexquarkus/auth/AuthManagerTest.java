package io.codexquarkus.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.codexquarkus.auth.oauth.OAuthClient;
import io.codexquarkus.auth.store.AuthStore;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AuthMethod;
import io.codexquarkus.config.AuthSettings;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.model.auth.ModelAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthManagerTest {
    static final Instant NOW = TestTokens.NOW;
    static final String FRESH = "2025-08-31T12:00:00Z";
    static final String STALE = "2025-08-23T11:59:59Z"; // a little more than 8 days before NOW

    @TempDir
    Path home;

    WireMockServer issuer;
    OAuthClient oauth;
    AuthStore store;

    @BeforeEach
    void start() {
        issuer =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        issuer.start();
        oauth = new OAuthClient(settings(issuer));
        store = new AuthStore(new CodexHome(home));
    }

    @AfterEach
    void stop() {
        oauth.close();
        issuer.stop();
    }

    static AuthSettings settings(WireMockServer issuer) {
        return TestTokens.settings(issuer);
    }

    private AuthManager manager(AuthMethod preferred, String envKey) {
        return new AuthManager(store, preferred, Optional.ofNullable(envKey), oauth, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void writeAuth(String json) throws Exception {
        Files.writeString(store.file(), json);
    }

    private void stubRefresh(int status, String body) {
        issuer.stubFor(post(urlEqualTo("/oauth/token"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    private static String newTokens() {
        return Json.write(Map.of(
                "id_token", TestTokens.idToken("new@example.com", "acct-123", "pro"),
                "access_token", "at-new",
                "refresh_token", "rt-new"));
    }

    @Test
    void selectionFollowsPreferredAuthMethodWhenBothExist() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson("sk-both", "at", "rt", FRESH));
        assertThat(manager(AuthMethod.CHATGPT, null).load().orElseThrow()).isInstanceOf(CodexAuth.ChatGpt.class);
        assertThat(manager(AuthMethod.APIKEY, null).load().orElseThrow())
                .isEqualTo(new CodexAuth.ApiKey("sk-both", false));
    }

    @Test
    void singleCredentialWinsWhateverIsPreferred() throws Exception {
        writeAuth("{\"OPENAI_API_KEY\": \"sk-only\"}");
        assertThat(manager(AuthMethod.CHATGPT, "sk-env").load()).contains(new CodexAuth.ApiKey("sk-only", false));
        writeAuth(TestTokens.chatGptAuthJson(null, "at", "rt", FRESH));
        assertThat(manager(AuthMethod.APIKEY, "sk-env").load().orElseThrow()).isInstanceOf(CodexAuth.ChatGpt.class);
        writeAuth("{\"OPENAI_API_KEY\": null}");
        assertThat(manager(AuthMethod.APIKEY, "sk-env").load()).isEmpty();
    }

    @Test
    void environmentKeyCountsOnlyWithoutAuthJson() {
        assertThat(manager(AuthMethod.CHATGPT, "sk-env").load()).contains(new CodexAuth.ApiKey("sk-env", true));
        assertThat(manager(AuthMethod.CHATGPT, "").load()).isEmpty();
        assertThat(manager(AuthMethod.CHATGPT, null).load()).isEmpty();
    }

    @Test
    void providerHandsOutTheRightCredentialKinds() throws Exception {
        assertThat(manager(AuthMethod.CHATGPT, "sk-env").current()).contains(new ModelAuth.ApiKey("sk-env"));
        writeAuth(TestTokens.chatGptAuthJson("sk-exchanged", "at-1", "rt-1", FRESH));
        assertThat(manager(AuthMethod.CHATGPT, null).current())
                .contains(new ModelAuth.ChatGpt("at-1", Optional.of("acct-123")));
        assertThat(manager(AuthMethod.APIKEY, null).current()).contains(new ModelAuth.ApiKey("sk-exchanged"));
        writeAuth("{\"OPENAI_API_KEY\": \"\"}");
        assertThat(manager(AuthMethod.CHATGPT, null).current()).isEmpty();
        assertThat(issuer.getAllServeEvents()).isEmpty();
    }

    @Test
    void staleTokensAreRefreshedWithAJsonPostAndTheFileIsRewritten() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson("sk-kept", "at-old", "rt-old", STALE)
                .replaceFirst("\\{", "{\"auth_mode\": \"chatgpt\","));
        stubRefresh(200, newTokens());

        Optional<ModelAuth> auth = manager(AuthMethod.CHATGPT, null).current();

        assertThat(auth).contains(new ModelAuth.ChatGpt("at-new", Optional.of("acct-123")));
        issuer.verify(
                1,
                postRequestedFor(urlEqualTo("/oauth/token"))
                        .withHeader("Content-Type", equalTo("application/json"))
                        .withRequestBody(equalToJson("{\"client_id\":\"app_test\",\"grant_type\":\"refresh_token\","
                                + "\"refresh_token\":\"rt-old\",\"scope\":\"openid profile email\"}")));
        JsonNode file = Json.parse(Files.readString(store.file()));
        assertThat(file.path("tokens").path("access_token").asText()).isEqualTo("at-new");
        assertThat(file.path("tokens").path("refresh_token").asText()).isEqualTo("rt-new");
        assertThat(file.path("tokens").path("account_id").asText()).isEqualTo("acct-123");
        assertThat(file.path("last_refresh").asText()).isEqualTo("2025-09-01T12:00:00Z");
        assertThat(file.path("OPENAI_API_KEY").asText()).isEqualTo("sk-kept");
        assertThat(file.path("auth_mode").asText()).isEqualTo("chatgpt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())))
                .isEqualTo("rw-------");
    }

    @Test
    void freshTokensAreNotRefreshed() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson(null, "at-1", "rt-1", "2025-08-24T12:00:01Z"));
        assertThat(manager(AuthMethod.CHATGPT, null).current()).isPresent();
        assertThat(issuer.getAllServeEvents()).isEmpty();
    }

    @Test
    void unauthorizedTriggersOneRefreshAndPartialResponsesKeepOldTokens() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson(null, "at-old", "rt-old", FRESH));
        stubRefresh(200, "{\"access_token\": \"at-after-401\"}");
        AuthManager manager = manager(AuthMethod.CHATGPT, null);

        assertThat(manager.refreshAfterUnauthorized())
                .contains(new ModelAuth.ChatGpt("at-after-401", Optional.of("acct-123")));
        // a second 401 right after (a parallel request) shares that refresh
        assertThat(manager.refreshAfterUnauthorized())
                .contains(new ModelAuth.ChatGpt("at-after-401", Optional.of("acct-123")));

        issuer.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
        JsonNode tokens = Json.parse(Files.readString(store.file())).path("tokens");
        assertThat(tokens.path("access_token").asText()).isEqualTo("at-after-401");
        assertThat(tokens.path("refresh_token").asText()).isEqualTo("rt-old");
        assertThat(Json.parse(Files.readString(store.file()))
                        .path("last_refresh")
                        .asText())
                .isEqualTo("2025-09-01T12:00:00Z");
    }

    @Test
    void permanentRefusalAsksTheUserToLogInAgainAndLeavesTheFile() throws Exception {
        String original = TestTokens.chatGptAuthJson(null, "at-old", "rt-old", STALE);
        writeAuth(original);
        stubRefresh(401, "{\"error\": {\"code\": \"refresh_token_reused\", \"message\": \"nope\"}}");
        AuthManager manager = manager(AuthMethod.CHATGPT, null);

        for (Runnable call : List.<Runnable>of(manager::current, manager::refreshAfterUnauthorized)) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(CodexException.class)
                    .hasMessage("Your access token could not be refreshed because your refresh token was already"
                            + " used. Please log out and sign in again.")
                    .satisfies(e -> assertThat(((CodexException) e).exitCode()).isEqualTo(ExitCode.MODEL));
        }
        assertThat(Files.readString(store.file())).isEqualTo(original);
    }

    @Test
    void passingRefreshFailureFallsBackToTheStoredToken() throws Exception {
        String original = TestTokens.chatGptAuthJson(null, "at-old", "rt-old", STALE);
        writeAuth(original);
        stubRefresh(503, "{}");
        assertThat(manager(AuthMethod.CHATGPT, null).current())
                .contains(new ModelAuth.ChatGpt("at-old", Optional.of("acct-123")));
        assertThatThrownBy(() -> manager(AuthMethod.CHATGPT, null).refreshAfterUnauthorized())
                .isInstanceOf(CodexException.class)
                .hasMessageContaining("status 503");
        assertThat(Files.readString(store.file())).isEqualTo(original);
    }

    @Test
    void apiKeysHaveNothingToRefresh() throws Exception {
        writeAuth("{\"OPENAI_API_KEY\": \"sk-1\"}");
        assertThat(manager(AuthMethod.CHATGPT, null).refreshAfterUnauthorized()).isEmpty();
        assertThat(manager(AuthMethod.CHATGPT, "sk-env").refreshAfterUnauthorized())
                .isEmpty();
        assertThat(issuer.getAllServeEvents()).isEmpty();
    }

    @Test
    void malformedFileSurvivesEveryReadPath() throws Exception {
        String broken =
                "{\"tokens\": {\"id_token\": \"not-a-jwt\", \"access_token\": \"a\", \"refresh_token\": \"r\"}}";
        writeAuth(broken);
        Files.setLastModifiedTime(
                store.file(), java.nio.file.attribute.FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        var mtime = Files.getLastModifiedTime(store.file());
        AuthManager manager = manager(AuthMethod.CHATGPT, "sk-env");
        AuthService service = AuthService.builder(new CodexHome(home), settings(issuer))
                .environment(Map.of("OPENAI_API_KEY", "sk-env"))
                .build();
        try (service) {
            List<Consumer<Object>> reads = List.of(
                    x -> manager.load(),
                    x -> manager.loadFresh(),
                    x -> manager.current(),
                    x -> manager.refreshAfterUnauthorized(),
                    x -> service.getAuthStatus(true, true),
                    x -> service.getAuthStatus(false, false),
                    x -> service.currentAuth(),
                    x -> service.userEmail());
            for (Consumer<Object> read : reads) {
                assertThatThrownBy(() -> read.accept(null))
                        .isInstanceOf(CodexException.class)
                        .hasMessageContaining("malformed auth file " + store.file())
                        .hasMessageContaining("`tokens.id_token` is invalid")
                        .satisfies(
                                e -> assertThat(((CodexException) e).exitCode()).isEqualTo(ExitCode.USAGE));
            }
        }
        assertThat(Files.readString(store.file())).isEqualTo(broken);
        assertThat(Files.getLastModifiedTime(store.file())).isEqualTo(mtime);
        assertThat(issuer.getAllServeEvents()).isEmpty();
    }

    @Test
    void createdFromConfigHonoursOverrides() throws Exception {
        writeAuth(TestTokens.chatGptAuthJson("sk-both", "at", "rt", FRESH));
        var request = new io.codexquarkus.config.ConfigRequest(
                new CodexHome(home),
                home,
                Optional.empty(),
                List.of(io.codexquarkus.config.ConfigRequest.cliOverrides(List.of("preferred_auth_method=apikey"))),
                Map.of());
        var config = io.codexquarkus.config.ConfigLoader.load(request).config();
        assertThat(AuthManager.create(config, Map.of()).current()).contains(new ModelAuth.ApiKey("sk-both"));
    }
}
