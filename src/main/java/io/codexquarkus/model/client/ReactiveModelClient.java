package io.codexquarkus.model.client;

import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.ModelClientOptions;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.smallrye.mutiny.Multi;

/**
 * The {@link ModelClient} over a Vert.x HTTP client ({@link ModelHttp}): each provider has its own base URL, query and
 * headers, so every call carries its full URL and headers, and the response body is parsed as SSE by our own linear
 * parser. Works with or without a booted Quarkus; its Vert.x starts with the first request and stops on {@link
 * #close()}. Thread-safe: one instance serves every session.
 */
public final class ReactiveModelClient implements ModelClient {
    private final ModelHttp http;
    private final Credentials credentials;
    private final ModelClientOptions options;

    public ReactiveModelClient(AuthProvider login, ModelClientOptions options) {
        this.options = options;
        this.credentials = new Credentials(login, options.environment());
        this.http = new ModelHttp(options.connectTimeout());
    }

    @Override
    public Multi<ResponseEvent> stream(ModelRequest request) {
        return Multi.createFrom().deferred(() -> new TurnStream(this, request).events());
    }

    /** Sends the POST; the request goes out on subscription, and cancelling closes the connection. */
    Multi<SseChunk> post(HttpCall call, String body) {
        return http.post(call, body);
    }

    Credentials credentials() {
        return credentials;
    }

    ModelClientOptions options() {
        return options;
    }

    @Override
    public void close() {
        http.close();
    }
}
