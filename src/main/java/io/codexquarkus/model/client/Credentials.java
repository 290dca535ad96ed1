package io.codexquarkus.model.client;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.auth.ModelAuth;
import io.codexquarkus.model.protocol.ModelError;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Picks the credential of one request, in upstream's order: the provider's {@code env_key} when it resolves, else its
 * {@code experimental_bearer_token}, else the Codex login for providers with {@code requires_openai_auth}. A provider
 * that needs a key it cannot find fails with its {@code env_key_instructions} before any HTTP request is made. The
 * Codex login is never sent to a provider that does not ask for it. Both methods may block (auth.json, token refresh):
 * call them off the event loop.
 */
final class Credentials {
    private final AuthProvider login;
    private final UnaryOperator<String> environment;

    Credentials(AuthProvider login, UnaryOperator<String> environment) {
        this.login = login;
        this.environment = environment;
    }

    ResolvedAuth resolve(ModelProviderInfo provider) {
        if (provider.envKey().isPresent()) {
            String variable = provider.envKey().get();
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                return ResolvedAuth.apiKey(value);
            }
            if (provider.experimentalBearerToken().isPresent()) {
                return ResolvedAuth.apiKey(provider.experimentalBearerToken().get());
            }
            Optional<ModelAuth> session = provider.requiresOpenaiAuth() ? current() : Optional.empty();
            return session.map(ResolvedAuth::fromLogin)
                    .orElseThrow(() -> new ModelFailureException(
                            ModelError.Kind.MISSING_CREDENTIALS,
                            ModelErrorText.missingEnvironmentVariable(variable, provider.envKeyInstructions())));
        }
        if (provider.experimentalBearerToken().isPresent()) {
            return ResolvedAuth.apiKey(provider.experimentalBearerToken().get());
        }
        if (!provider.requiresOpenaiAuth()) {
            return ResolvedAuth.NONE;
        }
        return current()
                .map(ResolvedAuth::fromLogin)
                .orElseThrow(() -> new ModelFailureException(
                        ModelError.Kind.MISSING_CREDENTIALS,
                        "Not signed in to " + provider.name()
                                + ": set OPENAI_API_KEY or log in first (credentials are read from auth.json in"
                                + " CODEX_HOME)."));
    }

    /** After a 401: a refreshed login, or empty when there is nothing to refresh. */
    Optional<ResolvedAuth> refresh() {
        try {
            return login.refreshAfterUnauthorized().map(ResolvedAuth::fromLogin);
        } catch (CodexException e) {
            throw new ModelFailureException(ModelError.Kind.UNAUTHORIZED, e.getMessage());
        }
    }

    private Optional<ModelAuth> current() {
        try {
            return login.current();
        } catch (CodexException e) {
            throw new ModelFailureException(ModelError.Kind.MISSING_CREDENTIALS, e.getMessage());
        }
    }
}
