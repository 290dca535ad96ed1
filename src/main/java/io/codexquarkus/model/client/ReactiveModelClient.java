package io.codexquarkus.model.client;

import io.codexquarkus.model.ModelClient;
import io.codexquarkus.model.ModelClientOptions;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.client.impl.ClientBuilderImpl;
import org.jboss.resteasy.reactive.client.impl.MultiInvoker;

/**
 * The {@link ModelClient} over the Quarkus reactive REST client. It uses the client's JAX-RS API ({@code
 * ClientBuilderImpl} + {@code MultiInvoker}) rather than a typed {@code @RegisterRestClient} interface: that API takes
 * any URL and headers per call (each provider has its own base URL, query and headers) and works without a booted
 * Quarkus, where it starts its own Vert.x (closed by {@link #close()}); inside Quarkus it shares the application's.
 * SSE arrives as {@code Multi<String>} of event data, so {@code [DONE]} is an ordinary item. Thread-safe: one instance
 * serves every session.
 */
public final class ReactiveModelClient implements ModelClient {
    /** Concurrent streams per model host before requests wait for a free connection. */
    static final int MAX_CONNECTIONS_PER_HOST = 1024;

    private static final String CONNECTION_POOL_SIZE = "io.quarkus.rest.client.connection-pool-size";

    private final Client http;
    private final Credentials credentials;
    private final ModelClientOptions options;

    public ReactiveModelClient(AuthProvider login, ModelClientOptions options) {
        this.options = options;
        this.credentials = new Credentials(login, options.environment());
        ClientBuilderImpl builder = new ClientBuilderImpl();
        builder.connectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        builder.followRedirects(false);
        // every open stream holds a connection; the REST client's default of 50 per host would queue the 51st session
        builder.property(CONNECTION_POOL_SIZE, MAX_CONNECTIONS_PER_HOST);
        this.http = builder.build();
    }

    @Override
    public Multi<ResponseEvent> stream(ModelRequest request) {
        return Multi.createFrom().deferred(() -> new TurnStream(this, request).events());
    }

    /** Sends the POST; the request goes out on subscription, and cancelling closes the connection. */
    Multi<String> post(HttpCall call, String body) {
        Invocation.Builder builder = http.target(call.url()).request();
        for (Map.Entry<String, String> header : call.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        // MultiInvoker.post(...) sends a PUT in resteasy-reactive 3.33; method("POST", ...) is right
        @SuppressWarnings("unchecked")
        Multi<String> events = (Multi<String>) (Multi<?>) builder.rx(MultiInvoker.class)
                .method("POST", Entity.entity(body, MediaType.APPLICATION_JSON_TYPE), String.class);
        return events;
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
