package io.codexquarkus.auth.login;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.jboss.logging.Logger;

/**
 * {@code GET http://127.0.0.1:<port>/cancel}: how a new login asks an earlier Codex login server (maybe in another
 * process) to give the port up. Always succeeds; whether anything listened is not our concern.
 */
final class CancelRequest {
    private static final Logger LOG = Logger.getLogger(CancelRequest.class);
    private static final int TIMEOUT_MS = 2_000;

    private CancelRequest() {}

    static Future<Void> send(Vertx vertx, int port) {
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setConnectTimeout(TIMEOUT_MS).setKeepAlive(false));
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/cancel")
                .setIdleTimeout(TIMEOUT_MS);
        return client.request(request)
                .compose(r -> r.send())
                .compose(response -> response.body().map(body -> {
                    LOG.debugf("cancel request to port %d answered %d", port, response.statusCode());
                    return (Void) null;
                }))
                .recover(e -> {
                    LOG.debugf("cancel request to port %d failed: %s", port, e.getMessage());
                    return Future.succeededFuture();
                })
                .eventually(() -> client.close());
    }
}
