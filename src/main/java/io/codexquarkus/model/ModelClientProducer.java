package io.codexquarkus.model;

import io.codexquarkus.model.auth.AuthProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * Makes {@link ModelClient} injectable: one application-wide client over the application's Vert.x, using the {@link
 * AuthProvider} bean when the application has exactly one (else no Codex login: only {@code env_key} providers work).
 */
@ApplicationScoped
public class ModelClientProducer {
    private static final Logger LOG = Logger.getLogger(ModelClientProducer.class);

    @Produces
    @ApplicationScoped
    ModelClient modelClient(Instance<AuthProvider> login) {
        AuthProvider provider;
        if (login.isResolvable()) {
            provider = login.get();
        } else {
            LOG.debug("no AuthProvider bean: the model client can only use env_key credentials");
            provider = AuthProvider.none();
        }
        return ModelClients.create(provider);
    }

    void close(@Disposes ModelClient client) {
        client.close();
    }
}
