package io.codexquarkus.model.client;

import io.codexquarkus.model.auth.ModelAuth;
import java.util.Optional;

/**
 * The credential one request goes out with.
 *
 * @param bearer the {@code Authorization: Bearer} token; empty sends no Authorization header (local providers)
 * @param accountId {@code chatgpt-account-id}, ChatGPT logins only
 * @param chatGpt a ChatGPT login: the default base URL is the ChatGPT backend
 * @param fromLogin the credential came from the {@link io.codexquarkus.model.auth.AuthProvider}, so a 401 may refresh it
 */
record ResolvedAuth(Optional<String> bearer, Optional<String> accountId, boolean chatGpt, boolean fromLogin) {
    static final ResolvedAuth NONE = new ResolvedAuth(Optional.empty(), Optional.empty(), false, false);

    static ResolvedAuth apiKey(String key) {
        return new ResolvedAuth(Optional.of(key), Optional.empty(), false, false);
    }

    static ResolvedAuth fromLogin(ModelAuth auth) {
        return switch (auth) {
            case ModelAuth.ApiKey key -> new ResolvedAuth(Optional.of(key.key()), Optional.empty(), false, true);
            case ModelAuth.ChatGpt chatGpt ->
                new ResolvedAuth(Optional.of(chatGpt.accessToken()), chatGpt.accountId(), true, true);
        };
    }
}
