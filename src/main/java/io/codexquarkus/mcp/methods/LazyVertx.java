package io.codexquarkus.mcp.methods;

import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The Vert.x instance the ChatGPT login server runs on: created on the first {@code loginChatGpt} (most sessions never
 * log in, and an idle Vert.x still owns threads), closed with the MCP server.
 */
final class LazyVertx implements Supplier<Vertx>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LazyVertx.class);

    private Vertx vertx;
    private boolean closed;

    @Override
    public synchronized Vertx get() {
        if (closed) {
            throw new IllegalStateException("the MCP server is shutting down");
        }
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return vertx;
    }

    @Override
    public void close() {
        Vertx started;
        synchronized (this) {
            closed = true;
            started = vertx;
            vertx = null;
        }
        if (started == null) {
            return;
        }
        try {
            started.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf("closing Vert.x: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
