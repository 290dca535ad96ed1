package io.codexquarkus.auth.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The content of {@code $CODEX_HOME/auth.json}.
 *
 * @param openaiApiKey {@code OPENAI_API_KEY}: an API key, or the key exchanged at ChatGPT login; written as
 *     {@code null} when absent
 * @param tokens {@code tokens}, present after a ChatGPT login
 * @param lastRefresh {@code last_refresh}, when the tokens were last obtained
 * @param otherMembers members this build does not know (newer Codex builds add some), kept so a rewrite loses nothing
 */
public record AuthDotJson(
        Optional<String> openaiApiKey,
        Optional<TokenData> tokens,
        Optional<Instant> lastRefresh,
        Map<String, JsonNode> otherMembers) {
    public AuthDotJson {
        otherMembers = Collections.unmodifiableMap(new LinkedHashMap<>(otherMembers));
    }

    /** What {@code login --api-key} writes: {@code {"OPENAI_API_KEY": "<key>"}}. */
    public static AuthDotJson apiKey(String key) {
        return new AuthDotJson(Optional.of(key), Optional.empty(), Optional.empty(), Map.of());
    }

    /** What a ChatGPT login writes. */
    public static AuthDotJson chatGpt(Optional<String> exchangedApiKey, TokenData tokens, Instant now) {
        return new AuthDotJson(exchangedApiKey, Optional.of(tokens), Optional.of(now), Map.of());
    }

    /** The same file with new tokens, as a refresh leaves it. */
    public AuthDotJson withTokens(TokenData newTokens, Instant refreshedAt) {
        return new AuthDotJson(openaiApiKey, Optional.of(newTokens), Optional.of(refreshedAt), otherMembers);
    }

    @Override
    public String toString() {
        return "AuthDotJson[apiKey=" + openaiApiKey.isPresent() + ", tokens=" + tokens + ", lastRefresh=" + lastRefresh
                + "]";
    }
}
