package io.codexquarkus.model.auth;

import java.util.Optional;

/**
 * Where the model client gets the Codex login (auth.json, {@code OPENAI_API_KEY}) for providers that use it. The auth
 * package implements it; the client only asks.
 */
public interface AuthProvider {
    /** The credential to use now, by {@code preferred_auth_method} when both kinds exist. */
    Optional<ModelAuth> current();

    /**
     * Called after a 401: refresh a ChatGPT login and return the new credential; empty when there is nothing to
     * refresh. A refresh the issuer refuses for good throws {@link io.codexquarkus.common.CodexException}.
     */
    Optional<ModelAuth> refreshAfterUnauthorized();

    static AuthProvider none() {
        return new AuthProvider() {
            @Override
            public Optional<ModelAuth> current() {
                return Optional.empty();
            }

            @Override
            public Optional<ModelAuth> refreshAfterUnauthorized() {
                return Optional.empty();
            }
        };
    }
}
