package io.codexquarkus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.common.Json;
import io.codexquarkus.testing.Launcher;
import io.codexquarkus.testing.Launcher.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code login}, {@code login status} and {@code logout} of the packaged command, with a temporary CODEX_HOME. */
class AuthCliIT {
    @TempDir
    Path home;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CODEX_HOME", home.toString());
        env.put("OPENAI_API_KEY", ""); // empty counts as unset: the developer's own key must not leak in
        env.put("DISPLAY", "");
        env.put("WAYLAND_DISPLAY", "");
        return env;
    }

    private Result run(String... args) {
        return Launcher.run(home, env(), null, args);
    }

    private Path authFile() {
        return home.resolve("auth.json");
    }

    @Test
    void apiKeyLoginStatusAndLogout() throws IOException {
        Result login = run("login", "--api-key", "sk-test-abcdefghijklmnop");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stdout()).isEmpty();
        assertThat(login.stderr().strip()).isEqualTo("Successfully logged in");
        assertThat(Files.readString(authFile())).isEqualTo("{\n  \"OPENAI_API_KEY\": \"sk-test-abcdefghijklmnop\"\n}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(authFile())))
                .isEqualTo("rw-------");

        Result status = run("login", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).isEmpty();
        assertThat(status.stderr().strip()).isEqualTo("Logged in using an API key - sk-test-***lmnop");

        Result logout = run("logout");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(logout.stderr().strip()).isEqualTo("Successfully logged out");
        assertThat(authFile()).doesNotExist();

        Result again = run("logout");
        assertThat(again.exitCode()).isZero();
        assertThat(again.stderr().strip()).isEqualTo("Not logged in");

        Result none = run("login", "status");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr().strip()).isEqualTo("Not logged in");
    }

    @Test
    void shortKeysAreFullyMaskedAndTheEnvironmentKeyCounts() {
        Map<String, String> env = env();
        env.put("OPENAI_API_KEY", "sk-short");
        Result status = Launcher.run(home, env, null, "login", "status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stderr().strip()).isEqualTo("Logged in using an API key - ***");
    }

    @Test
    void keyFromStdin() throws IOException {
        Result piped = Launcher.run(home, env(), "  sk-piped-0123456789\n", "login", "--with-api-key");
        assertThat(piped.exitCode()).as(piped.toString()).isZero();
        assertThat(piped.stderr()).contains("Reading API key from stdin...").contains("Successfully logged in");
        assertThat(Json.parse(Files.readString(authFile()))
                        .path("OPENAI_API_KEY")
                        .asText())
                .isEqualTo("sk-piped-0123456789");

        Result empty = Launcher.run(home, env(), "", "login", "--with-api-key");
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.stderr().strip().lines().toList()).last().isEqualTo("No API key provided via stdin.");

        Result both = run("login", "--api-key", "x", "--with-api-key");
        assertThat(both.exitCode()).isEqualTo(2);
    }

    @Test
    void chatGptStatusAndPreferredMethodOverride() throws IOException {
        Files.writeString(
                authFile(), TestTokens.chatGptAuthJson("sk-test-abcdefghijklmnop", "at", "rt", "2025-01-01T00:00:00Z"));
        Result chatgpt = run("login", "status");
        assertThat(chatgpt.exitCode()).as(chatgpt.toString()).isZero();
        assertThat(chatgpt.stderr().strip()).isEqualTo("Logged in using ChatGPT");

        Result apikey = run("-c", "preferred_auth_method=apikey", "login", "status");
        assertThat(apikey.exitCode()).as(apikey.toString()).isZero();
        assertThat(apikey.stderr().strip()).isEqualTo("Logged in using an API key - sk-test-***lmnop");
    }

    @Test
    void malformedAuthFileIsOneLineExitTwoAndUntouched() throws IOException {
        String broken = "{\"OPENAI_API_KEY\": \"sk\",";
        Files.writeString(authFile(), broken);
        Files.setLastModifiedTime(authFile(), FileTime.from(Instant.parse("2024-05-01T00:00:00Z")));
        Result status = run("login", "status");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
        assertThat(status.stdout()).isEmpty();
        assertThat(status.stderr().strip().lines()).hasSize(1);
        assertThat(status.stderr().strip())
                .startsWith("Error checking login status: malformed auth file " + authFile() + ": invalid JSON");
        assertThat(Files.readString(authFile())).isEqualTo(broken);
        assertThat(Files.getLastModifiedTime(authFile()).toInstant()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    @Test
    void chatGptLoginPrintsTheUrlAndEndsWhenCancelled() throws Exception {
        int port = freePort();
        CompletableFuture<Result> login = CompletableFuture.supplyAsync(
                () -> run("-c", "auth.login_port=" + port, "-c", "auth.issuer=\"https://issuer.invalid\"", "login"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI root = URI.create("http://127.0.0.1:" + port + "/");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    HttpResponse<String> response =
                            http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(404);
                    break;
                } catch (IOException notYet) {
                    assertThat(System.nanoTime())
                            .as("login server did not start")
                            .isLessThan(deadline);
                    assertThat(login).isNotDone();
                    Thread.sleep(100);
                }
            }
            HttpResponse<String> cancel = http.send(
                    HttpRequest.newBuilder(root.resolve("/cancel")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(cancel.body()).isEqualTo("Login cancelled");
        }
        Result result = login.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr())
                .contains("Starting local login server on http://localhost:" + port + ".\n"
                        + "If your browser did not open, navigate to this URL to authenticate:\n\n"
                        + "https://issuer.invalid/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann"
                        + "&redirect_uri=http%3A%2F%2Flocalhost%3A" + port
                        + "%2Fauth%2Fcallback&scope=openid%20profile")
                .contains("&originator=codex_cli_rs\n");
        assertThat(result.stderr().strip().lines().toList()).last().isEqualTo("Error logging in: Login cancelled");
        assertThat(authFile()).doesNotExist();
    }

    @Test
    void chatGptLoginTimesOut() {
        Result result = run("-c", "auth.login_port=0", "-c", "auth.login_timeout_seconds=1", "login");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr().strip().lines().toList()).last().isEqualTo("Error logging in: Login timed out");
    }

    @Test
    void logoutKeepsConfigAndRemovesOnlyAuth() throws IOException {
        Files.writeString(home.resolve("config.toml"), "model = \"o3\"\n");
        Files.writeString(authFile(), "{\"OPENAI_API_KEY\": \"k\"}");
        Result logout = run("logout");
        assertThat(logout.exitCode()).isZero();
        assertThat(home.resolve("config.toml")).exists();
        assertThat(authFile()).doesNotExist();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return socket.getLocalPort();
        }
    }
}
