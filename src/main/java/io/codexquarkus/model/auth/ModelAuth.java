package io.codexquarkus.model.auth;

import java.util.Optional;

/** The credential a model request is sent with. */
public sealed interface ModelAuth {
    /** {@code Authorization: Bearer <key>}. */
    record ApiKey(String key) implements ModelAuth {}

    /**
     * A ChatGPT login: the OAuth access token as bearer, {@code chatgpt-account-id} when known, and the ChatGPT backend
     * as default base URL.
     */
    record ChatGpt(String accessToken, Optional<String> accountId) implements ModelAuth {}
}
