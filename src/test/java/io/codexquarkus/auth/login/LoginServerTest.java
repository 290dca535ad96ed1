package io.codexquarkus.auth.login;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.codexquarkus.auth.AuthService;
import io.codexquarkus.auth.ChatGptLogin;
import io.codexquarkus.auth.LoginNotFoundException;
import io.codexquarkus.auth.LoginOutcome;
import io.codexquarkus.auth.TestTokens;
import io.codexquarkus.auth.oauth.OAuthClient;
import io.codexquarkus.auth.oauth.Pkce;
import io.codexquarkus.auth.store.AuthStore;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.mcp.protocol.AuthStatusChangeNotification;
import io.codexquarkus.mcp.protocol.LoginChatGptCompleteNotification;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real login server on 127.0.0.1 driven over HTTP, with WireMock as the OAuth issuer. */
class LoginServerTest {
    private static final Pattern AUTH_URL = Pattern.compile("\\Q%s/oauth/authorize?response_type=code"
            + "&client_id=app_test&redirect_uri=http%%3A%%2F%%2Flocalhost%%3A%d%%2Fauth%%2Fcallback"
            + "&scope=openid%%20profile%%20email%%20offline_access&code_challenge=\\E([A-Za-z0-9_-]{43})"
            + "\\Q&code_challenge_method=S256&id_token_add_organizations=true&codex_cli_simplified_flow=true"
            + "&state=\\E([A-Za-z0-9_-]{43})\\Q&originator=codex_cli_rs\\E");

    private static final InetAddress LOOPBACK = loopback();

    @TempDir
    Path home;

    Set<Thread> threadsBefore;
    Vertx vertx;
    WireMockServer issuer;
    int port;
    AuthService service;
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        vertx = Vertx.vertx();
        issuer =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        issuer.start();
        port = freePort();
        service = service(Duration.ofSeconds(30));
    }

    private AuthService service(Duration timeout) {
        AuthService created = AuthService.builder(new CodexHome(home), TestTokens.settings(issuer))
                .vertx(() -> vertx)
                .loginPort(port)
                .loginTimeout(timeout)
                .clock(Clock.fixed(TestTokens.NOW, ZoneOffset.UTC))
                .build();
        created.addAuthStatusListener(
                change -> events.add("authStatusChange " + Json.write(new AuthStatusChangeNotification(change))));
        return created;
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        issuer.stop();
        assertPortFree(port);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(leakedThreads()).isEmpty());
    }

    private List<String> leakedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !threadsBefore.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> n.startsWith("vert.x-") || n.startsWith("codex-login") || n.startsWith("HttpClient-"))
                .toList();
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    /** The port can be bound again (the close may reach the kernel a moment after the login completed). */
    private static void assertPortFree(int port) {
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    try (ServerSocket socket = new ServerSocket(port, 50, LOOPBACK)) {
                        assertThat(socket.isBound()).isTrue();
                    }
                });
    }

    private ChatGptLogin login() {
        return service.loginChatGpt(outcome ->
                events.add("loginChatGptComplete " + Json.write(LoginChatGptCompleteNotification.from(outcome))));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Matcher authUrl(ChatGptLogin login) {
        Matcher m =
                Pattern.compile(AUTH_URL.pattern().formatted(issuerUrl(), port)).matcher(login.authUrl());
        assertThat(m.matches()).as(login.authUrl()).isTrue();
        return m;
    }

    private String issuerUrl() {
        return "http://127.0.0.1:" + issuer.port();
    }

    private static LoginOutcome outcome(ChatGptLogin login) throws Exception {
        return outcome(login.completion());
    }

    private static LoginOutcome outcome(CompletionStage<LoginOutcome> stage) throws Exception {
        return stage.toCompletableFuture().get(15, TimeUnit.SECONDS);
    }

    @Test
    void authorizeUrlAndUnknownPaths() {
        ChatGptLogin login = login();
        assertThat(login.port()).isEqualTo(port);
        assertThat(login.loginId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        Matcher url = authUrl(login);
        assertThat(url.group(1)).isNotEqualTo(url.group(2));
        given().get(base() + "/").then().statusCode(404).body(equalTo("Not Found"));
        given().get(base() + "/auth/elsewhere").then().statusCode(404).body(equalTo("Not Found"));
        assertThat(login.completion().toCompletableFuture()).isNotDone();
    }

    @Test
    void wrongStateAndMissingCodeAre400AndTheServerKeepsRunning() throws Exception {
        ChatGptLogin login = login();
        String state = authUrl(login).group(2);
        given().queryParam("code", "abc")
                .queryParam("state", "forged")
                .get(base() + "/auth/callback")
                .then()
                .statusCode(400)
                .body(equalTo("State mismatch"));
        given().queryParam("code", "abc")
                .get(base() + "/auth/callback")
                .then()
                .statusCode(400)
                .body(equalTo("State mismatch"));
        given().queryParam("state", state)
                .get(base() + "/auth/callback")
                .then()
                .statusCode(400)
                .body(equalTo("Missing authorization code"));
        given().get(base() + "/success").then().statusCode(400);
        assertThat(home.resolve("auth.json")).doesNotExist();
        assertThat(issuer.getAllServeEvents()).isEmpty();
        assertThat(login.completion().toCompletableFuture()).isNotDone();
        service.cancelLoginChatGpt(login.loginId());
        assertThat(outcome(login).error()).contains("Login server error: Login was not completed");
        assertThat(home.resolve("auth.json")).doesNotExist();
    }

    @Test
    void fullLoginExchangesTheCodeSavesTheFileAndReportsSuccess() throws Exception {
        String idToken = TestTokens.idToken("user@example.com", "acct-777", "plus");
        issuer.stubFor(post(urlEqualTo("/oauth/token"))
                .withRequestBody(containing("grant_type=authorization_code"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(Json.write(Map.of(
                                "id_token", idToken, "access_token", "at-login", "refresh_token", "rt-login")))));
        issuer.stubFor(post(urlEqualTo("/oauth/token"))
                .withRequestBody(containing("requested_token=openai-api-key"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"sk-exchanged\"}")));
        ChatGptLogin login = login();
        Matcher url = authUrl(login);
        String challenge = url.group(1);
        String state = url.group(2);

        String location = given().redirects()
                .follow(false)
                .queryParam("code", "the-code")
                .queryParam("state", state)
                .get(base() + "/auth/callback")
                .then()
                .statusCode(302)
                .header("Location", startsWith("http://localhost:" + port + "/success?needs_setup=true"))
                .extract()
                .header("Location");
        assertThat(location)
                .contains("plan_type=plus")
                .contains("org_id=org-acct-777")
                .doesNotContain(idToken);

        // the code exchange: form body in Codex order, PKCE verifier matching the challenge of the URL
        List<LoggedRequest> requests = issuer.findAll(postRequestedFor(urlEqualTo("/oauth/token")));
        assertThat(requests).hasSize(2);
        LoggedRequest exchange = requests.get(0);
        assertThat(exchange.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        Matcher body = Pattern.compile("grant_type=authorization_code&code=the-code"
                        + "&redirect_uri=http%3A%2F%2Flocalhost%3A" + port + "%2Fauth%2Fcallback"
                        + "&client_id=app_test&code_verifier=([A-Za-z0-9_-]{86})")
                .matcher(exchange.getBodyAsString());
        assertThat(body.matches()).as(exchange.getBodyAsString()).isTrue();
        assertThat(Pkce.fromVerifier(body.group(1)).codeChallenge()).isEqualTo(challenge);
        LoggedRequest apiKey = requests.get(1);
        assertThat(apiKey.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(apiKey.getBodyAsString())
                .isEqualTo("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&client_id=app_test"
                        + "&requested_token=openai-api-key&subject_token=" + idToken
                        + "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aid_token");

        // credentials are on disk, 0600, before the browser reaches /success
        Path file = home.resolve("auth.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        JsonNode saved = Json.parse(Files.readString(file));
        assertThat(saved.path("OPENAI_API_KEY").asText()).isEqualTo("sk-exchanged");
        assertThat(saved.path("tokens").path("id_token").asText()).isEqualTo(idToken);
        assertThat(saved.path("tokens").path("access_token").asText()).isEqualTo("at-login");
        assertThat(saved.path("tokens").path("refresh_token").asText()).isEqualTo("rt-login");
        assertThat(saved.path("tokens").path("account_id").asText()).isEqualTo("acct-777");
        assertThat(saved.path("last_refresh").asText()).isEqualTo("2025-09-01T12:00:00Z");
        assertThat(login.completion().toCompletableFuture()).isNotDone();

        given().urlEncodingEnabled(false)
                .get(base() + "/success?" + URI.create(location).getRawQuery())
                .then()
                .statusCode(200)
                .contentType("text/html; charset=utf-8")
                .header("Connection", "close")
                .body(containsString("You are signed in"));

        assertThat(outcome(login)).isEqualTo(LoginOutcome.succeeded(login.loginId()));
        assertThat(events)
                .containsExactly(
                        "loginChatGptComplete {\"loginId\":\"" + login.loginId() + "\",\"success\":true}",
                        "authStatusChange {\"authMethod\":\"chatgpt\"}");
        assertPortFree(port);
    }

    @Test
    void failedCodeExchangeEndsTheLoginWithoutWriting() throws Exception {
        issuer.stubFor(post(urlEqualTo("/oauth/token")).willReturn(aResponse().withStatus(400)));
        ChatGptLogin login = login();
        given().queryParam("code", "bad")
                .queryParam("state", authUrl(login).group(2))
                .get(base() + "/auth/callback")
                .then()
                .statusCode(500)
                .body(equalTo("Token exchange failed: token endpoint returned status 400"));
        assertThat(outcome(login).error())
                .contains("Login server error: Token exchange failed: token endpoint returned status 400");
        assertThat(home.resolve("auth.json")).doesNotExist();
        assertThat(events).noneMatch(e -> e.startsWith("authStatusChange"));
    }

    @Test
    void cancelRouteEndsTheLogin() throws Exception {
        ChatGptLogin login = login();
        given().get(base() + "/cancel").then().statusCode(200).body(equalTo("Login cancelled"));
        assertThat(outcome(login))
                .isEqualTo(LoginOutcome.failed(login.loginId(), "Login server error: Login cancelled"));
        assertPortFree(port);
        assertThat(events).hasSize(1);
    }

    @Test
    void cancelByIdAndUnknownIds() throws Exception {
        ChatGptLogin login = login();
        assertThatThrownBy(() -> service.cancelLoginChatGpt("not-this-one")).isInstanceOf(LoginNotFoundException.class);
        service.cancelLoginChatGpt(login.loginId());
        assertThat(outcome(login))
                .isEqualTo(LoginOutcome.failed(login.loginId(), "Login server error: Login was not completed"));
        assertThatThrownBy(() -> service.cancelLoginChatGpt(login.loginId()))
                .isInstanceOf(LoginNotFoundException.class)
                .hasMessage("login id not found: " + login.loginId());
        assertPortFree(port);
    }

    @Test
    void aNewLoginReplacesTheActiveOne() throws Exception {
        ChatGptLogin first = login();
        ChatGptLogin second = login();
        assertThat(outcome(first).error()).contains("Login server error: Login was not completed");
        assertThat(second.loginId()).isNotEqualTo(first.loginId());
        given().get(base() + "/nothing").then().statusCode(404);
        assertThat(second.completion().toCompletableFuture()).isNotDone();
        service.logout();
        assertThat(outcome(second).error()).contains("Login server error: Login was not completed");
    }

    @Test
    void timeoutEndsTheLogin() throws Exception {
        service.close();
        service = service(Duration.ofMillis(300));
        ChatGptLogin login = login();
        assertThat(outcome(login)).isEqualTo(LoginOutcome.failed(login.loginId(), "Login timed out"));
        assertPortFree(port);
    }

    @Test
    void aPortHeldBySomethingElseFailsAfterTheRetries() throws Exception {
        try (ServerSocket squatter = new ServerSocket(port, 50, LOOPBACK)) {
            long start = System.nanoTime();
            assertThatThrownBy(this::login)
                    .isInstanceOf(CodexException.class)
                    .hasMessage("Port 127.0.0.1:" + port + " is already in use");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1_800));
            assertThat(squatter.isClosed()).isFalse();
        }
    }

    @Test
    void aPreviousLoginServerIsAskedToCancelAndThePortTakenOver() throws Exception {
        // another "process": its own Vert.x, its own login server on the same port
        Vertx other = Vertx.vertx();
        try (OAuthClient otherOauth = new OAuthClient(TestTokens.settings(issuer))) {
            LoginServer previous = LoginServer.startAndWait(
                    other,
                    new LoginServerOptions(
                            issuerUrl(),
                            port,
                            Duration.ofMinutes(1),
                            otherOauth,
                            new AuthStore(new CodexHome(home)),
                            Clock.systemUTC()));
            ChatGptLogin login = login();
            assertThatThrownBy(() -> previous.completion().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(LoginFailure.class)
                    .hasMessage("Login cancelled");
            assertThat(login.port()).isEqualTo(port);
            given().get(base() + "/nothing").then().statusCode(404);
            service.cancelLoginChatGpt(login.loginId());
            outcome(login);
        } finally {
            other.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
