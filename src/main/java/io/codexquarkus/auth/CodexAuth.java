package io.codexquarkus.auth;

import io.codexquarkus.auth.store.TokenData;
import io.codexquarkus.config.AuthMethod;
import io.codexquarkus.model.auth.ModelAuth;
import java.time.Instant;
import java.util.Optional;

/** The login Codex would use right now: an API key, or ChatGPT tokens. */
public sealed interface CodexAuth {
    AuthMethod method();

    /** The credential a model request carries. */
    ModelAuth toModelAuth();

    /**
     * An API key.
     *
     * @param key the key (may be empty: {@code loginApiKey} accepts anything)
     * @param fromEnvironment true when it came from {@code OPENAI_API_KEY} because there is no auth.json
     */
    record ApiKey(String key, boolean fromEnvironment) implements CodexAuth {
        @Override
        public AuthMethod method() {
            return AuthMethod.APIKEY;
        }

        @Override
        public ModelAuth toModelAuth() {
            return new ModelAuth.ApiKey(key);
        }

        @Override
        public String toString() {
            return "ApiKey[fromEnvironment=" + fromEnvironment + "]";
        }
    }

    /**
     * A ChatGPT login from auth.json.
     *
     * @param tokens the stored tokens
     * @param lastRefresh when they were obtained, if recorded
     */
    record ChatGpt(TokenData tokens, Optional<Instant> lastRefresh) implements CodexAuth {
        @Override
        public AuthMethod method() {
            return AuthMethod.CHATGPT;
        }

        @Override
        public ModelAuth toModelAuth() {
            return new ModelAuth.ChatGpt(tokens.accessToken(), tokens.accountId());
        }
    }
}
