package io.codexquarkus.auth.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.AuthSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The issuer's token endpoint: authorization-code exchange, the API-key token exchange, and refresh. Blocking calls
 * with timeouts; callers on an event loop must move them to a worker.
 */
public final class OAuthClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OAuthClient.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";

    private final URI tokenUrl;
    private final URI refreshUrl;
    private final String clientId;
    private HttpClient http;
    private boolean closed;

    public OAuthClient(AuthSettings settings) {
        this(
                URI.create(settings.issuer() + "/oauth/token"),
                URI.create(settings.refreshTokenUrl()),
                settings.clientId());
    }

    public OAuthClient(URI tokenUrl, URI refreshUrl, String clientId) {
        this.tokenUrl = tokenUrl;
        this.refreshUrl = refreshUrl;
        this.clientId = clientId;
    }

    /** The HTTP client, created on first use: most commands never talk to the issuer. */
    private synchronized HttpClient http() {
        if (closed) {
            throw new IllegalStateException("OAuthClient is closed");
        }
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    public String clientId() {
        return clientId;
    }

    /** {@code grant_type=authorization_code} with the PKCE verifier. */
    public IssuedTokens exchangeCode(String code, String redirectUri, String codeVerifier) throws OAuthException {
        String body = UrlEncoding.form(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", redirectUri,
                "client_id", clientId,
                "code_verifier", codeVerifier);
        HttpResponse<String> response = post(tokenUrl, "application/x-www-form-urlencoded", body);
        if (response.statusCode() / 100 != 2) {
            throw new OAuthException("token endpoint returned status " + response.statusCode());
        }
        JsonNode json = parse(response.body());
        return new IssuedTokens(
                required(json, "id_token"), required(json, "access_token"), required(json, "refresh_token"));
    }

    /**
     * Trades the id token for an API key ({@code requested_token=openai-api-key}). Best effort, as in Codex: accounts
     * without an API organization get none, and the login still succeeds.
     */
    public Optional<String> obtainApiKey(String idToken) {
        String body = UrlEncoding.form(
                "grant_type", TOKEN_EXCHANGE_GRANT,
                "client_id", clientId,
                "requested_token", "openai-api-key",
                "subject_token", idToken,
                "subject_token_type", ID_TOKEN_TYPE);
        try {
            HttpResponse<String> response = post(tokenUrl, "application/x-www-form-urlencoded", body);
            if (response.statusCode() / 100 != 2) {
                LOG.debugf("API key exchange returned status %d; continuing without an API key", response.statusCode());
                return Optional.empty();
            }
            JsonNode key = parse(response.body()).path("access_token");
            return key.isTextual() && !key.asText().isEmpty() ? Optional.of(key.asText()) : Optional.empty();
        } catch (OAuthException e) {
            LOG.debugf("API key exchange failed (%s); continuing without an API key", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * {@code grant_type=refresh_token} as a JSON POST to the refresh URL.
     *
     * @throws RefreshRefusedException on 401: the refresh token expired, was used or was revoked
     * @throws OAuthException on any other failure (network, 5xx, bad response), which a later attempt may overcome
     */
    public RefreshedTokens refresh(String refreshToken) throws OAuthException {
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("client_id", clientId);
        request.put("grant_type", "refresh_token");
        request.put("refresh_token", refreshToken);
        request.put("scope", "openid profile email");
        HttpResponse<String> response = post(refreshUrl, "application/json", Json.write(request));
        if (response.statusCode() == 401) {
            throw new RefreshRefusedException(refusalMessage(response.body()));
        }
        if (response.statusCode() / 100 != 2) {
            throw new OAuthException(
                    "Failed to refresh token: token endpoint returned status " + response.statusCode());
        }
        JsonNode json = parse(response.body());
        return new RefreshedTokens(
                optional(json, "id_token"), optional(json, "access_token"), optional(json, "refresh_token"));
    }

    static String refusalMessage(String body) {
        String code = "";
        try {
            JsonNode json = Json.MAPPER.readTree(body == null ? "" : body);
            if (json != null) {
                JsonNode error = json.path("error");
                code = error.isObject() ? error.path("code").asText("") : error.asText("");
                if (code.isEmpty()) {
                    code = json.path("code").asText("");
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: fall back to the generic message
        }
        String reason = switch (code) {
            case "refresh_token_expired" -> " because your refresh token has expired";
            case "refresh_token_reused" -> " because your refresh token was already used";
            case "refresh_token_invalidated" -> " because your refresh token was revoked";
            default -> "";
        };
        return "Your access token could not be refreshed" + reason + ". Please log out and sign in again.";
    }

    private HttpResponse<String> post(URI url, String contentType, String body) throws OAuthException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            return http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new OAuthException("request to " + url + " timed out", e);
        } catch (IOException e) {
            throw new OAuthException("request to " + url + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException("request to " + url + " was interrupted", e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static JsonNode parse(String body) throws OAuthException {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json == null || !json.isObject()) {
                throw new OAuthException("token endpoint returned something other than a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new OAuthException("token endpoint returned invalid JSON", e);
        }
    }

    private static String required(JsonNode json, String field) throws OAuthException {
        JsonNode value = json.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new OAuthException("token endpoint response has no `" + field + "`");
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    @Override
    public void close() {
        HttpClient client;
        synchronized (this) {
            closed = true;
            client = http;
            http = null;
        }
        if (client != null) {
            client.close();
        }
    }
}
