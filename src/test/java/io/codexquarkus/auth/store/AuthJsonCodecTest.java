package io.codexquarkus.auth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.auth.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthJsonCodecTest {
    private static AuthDotJson parse(String text) throws AuthJsonCodec.MalformedException {
        return AuthJsonCodec.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(AuthDotJson auth) {
        return new String(AuthJsonCodec.write(auth), StandardCharsets.UTF_8);
    }

    @Test
    void apiKeyLoginIsExactlyOneMemberPrettyPrinted() {
        assertThat(write(AuthDotJson.apiKey("sk-abc"))).isEqualTo("{\n  \"OPENAI_API_KEY\": \"sk-abc\"\n}");
    }

    @Test
    void chatGptLoginHasCodexLayout() {
        String idToken = TestTokens.idToken("a@b.c", "acct-9", "pro");
        TokenData tokens = TokenData.fromIssuer(idToken, "access-1", "refresh-1");
        String text =
                write(AuthDotJson.chatGpt(Optional.empty(), tokens, Instant.parse("2025-08-20T17:03:12.123456Z")));
        assertThat(text).isEqualTo("""
                        {
                          "OPENAI_API_KEY": null,
                          "tokens": {
                            "id_token": "%s",
                            "access_token": "access-1",
                            "refresh_token": "refresh-1",
                            "account_id": "acct-9"
                          },
                          "last_refresh": "2025-08-20T17:03:12.123456Z"
                        }""".formatted(idToken));
    }

    @Test
    void roundTripKeepsUnknownMembers() throws Exception {
        String text = TestTokens.chatGptAuthJson("sk-x", "at", "rt", "2025-01-02T03:04:05Z")
                .replaceFirst("\\{", "{\"auth_mode\": \"chatgpt\",");
        AuthDotJson auth = parse(text);
        assertThat(auth.openaiApiKey()).contains("sk-x");
        assertThat(auth.tokens().orElseThrow().accessToken()).isEqualTo("at");
        assertThat(auth.tokens().orElseThrow().accountId()).contains("acct-123");
        assertThat(auth.lastRefresh()).contains(Instant.parse("2025-01-02T03:04:05Z"));
        assertThat(auth.otherMembers()).containsOnlyKeys("auth_mode");
        AuthDotJson again = parse(write(auth));
        assertThat(again.otherMembers().get("auth_mode").asText()).isEqualTo("chatgpt");
        assertThat(again.tokens().orElseThrow().idToken())
                .isEqualTo(auth.tokens().orElseThrow().idToken());
    }

    @Test
    void acceptsOffsetsAndMissingOptionalMembers() throws Exception {
        AuthDotJson auth = parse("{\"last_refresh\": \"2025-08-20T19:03:12+02:00\"}");
        assertThat(auth.openaiApiKey()).isEmpty();
        assertThat(auth.tokens()).isEmpty();
        assertThat(auth.lastRefresh()).contains(Instant.parse("2025-08-20T17:03:12Z"));
        assertThat(auth.otherMembers()).isEqualTo(Map.of());
    }

    @Test
    void claimsAreReadWithoutSignatureCheck() {
        IdTokenClaims claims = IdTokenClaims.parse(TestTokens.idToken("me@example.com", "acct-1", "team"));
        assertThat(claims.email()).contains("me@example.com");
        assertThat(claims.accountId()).contains("acct-1");
        assertThat(claims.planType()).contains("team");
        assertThat(claims.userId()).contains("user-acct-1");
        assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(4_102_444_800L));
        assertThat(claims.orgOwner()).isTrue();
        IdTokenClaims fallback = IdTokenClaims.parse(
                TestTokens.jwt("{\"https://api.openai.com/auth\":{\"user_id\":\"u-2\",\"chatgpt_plan_type\":\"hc\"}}"));
        assertThat(fallback.userId()).contains("u-2");
        assertThat(fallback.planType()).contains("hc");
        assertThat(fallback.email()).isEmpty();
    }

    @Test
    void malformedFilesAreRejectedWithOneLineReasons() {
        String tokenless = "{\"tokens\": {\"id_token\": \"x.y\", \"access_token\": \"a\", \"refresh_token\": \"r\"}}";
        Map<String, String> cases = Map.of(
                "{\"OPENAI_API_KEY\": ",
                "invalid JSON at line 1",
                "[]",
                "expected a JSON object, found an array",
                "",
                "the file is empty",
                "{\"OPENAI_API_KEY\": 5}",
                "`OPENAI_API_KEY` must be a string or null, found a number",
                "{\"tokens\": \"x\"}",
                "`tokens` must be an object",
                "{\"tokens\": {\"id_token\": \"a.b.c\"}}",
                "`tokens.access_token` is missing",
                tokenless,
                "`tokens.id_token` is invalid: not a JWT",
                "{\"last_refresh\": \"yesterday\"}",
                "`last_refresh` is not an RFC 3339 timestamp");
        cases.forEach((text, reason) -> assertThatThrownBy(() -> parse(text))
                .as(text)
                .isInstanceOf(AuthJsonCodec.MalformedException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
    }
}
