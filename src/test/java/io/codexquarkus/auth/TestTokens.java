package io.codexquarkus.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned JWTs with the claims Codex reads, and auth.json texts built from them. */
public final class TestTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** The fixed "now" of the tests. */
    public static final java.time.Instant NOW = java.time.Instant.parse("2025-09-01T12:00:00Z");

    private TestTokens() {}

    /** {@code [auth]} pointing at a mock issuer, client id {@code app_test}. */
    public static io.codexquarkus.config.AuthSettings settings(com.github.tomakehurst.wiremock.WireMockServer issuer) {
        String base = "http://127.0.0.1:" + issuer.port();
        return new io.codexquarkus.config.AuthSettings(base, "app_test", 0, base + "/oauth/token", 600);
    }

    /** An id token for {@code email} in ChatGPT account {@code accountId} on {@code plan}. */
    public static String idToken(String email, String accountId, String plan) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put("email", email);
        payload.put("exp", 4_102_444_800L);
        ObjectNode auth = payload.putObject("https://api.openai.com/auth");
        auth.put("chatgpt_account_id", accountId);
        auth.put("chatgpt_plan_type", plan);
        auth.put("chatgpt_user_id", "user-" + accountId);
        auth.put("organization_id", "org-" + accountId);
        auth.put("project_id", "proj-" + accountId);
        auth.put("completed_platform_onboarding", false);
        auth.put("is_org_owner", true);
        return jwt(Json.write(payload));
    }

    public static String jwt(String payloadJson) {
        String header = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + B64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    /** auth.json of a ChatGPT login (with an exchanged API key when {@code apiKey} is not null). */
    public static String chatGptAuthJson(String apiKey, String accessToken, String refreshToken, String lastRefresh) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (apiKey == null) {
            root.putNull("OPENAI_API_KEY");
        } else {
            root.put("OPENAI_API_KEY", apiKey);
        }
        ObjectNode tokens = root.putObject("tokens");
        tokens.put("id_token", idToken("dev@example.com", "acct-123", "plus"));
        tokens.put("access_token", accessToken);
        tokens.put("refresh_token", refreshToken);
        tokens.put("account_id", "acct-123");
        root.put("last_refresh", lastRefresh);
        return Json.writePretty(root);
    }
}
