package io.codexquarkus.model;

import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.client.ReactiveModelClient;

/**
 * Plain-Java entry point to the model client; works with or without a booted Quarkus (outside Quarkus the client
 * starts a Vert.x of its own, so {@link ModelClient#close() close} it when done).
 */
public final class ModelClients {
    private ModelClients() {}

    /** A client with production settings: real environment, real timers. */
    public static ModelClient create(AuthProvider login) {
        return create(login, ModelClientOptions.defaults());
    }

    public static ModelClient create(AuthProvider login, ModelClientOptions options) {
        return new ReactiveModelClient(login, options);
    }
}
