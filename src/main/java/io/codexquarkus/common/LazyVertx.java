package io.codexquarkus.common;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A Vert.x instance created on first use and closed with its owner (within 5 s). Most runs never need it (an idle
 * Vert.x still owns threads): the ChatGPT login server of the MCP server, the model client's HTTP transport.
 */
public final class LazyVertx implements Supplier<Vertx>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LazyVertx.class);

    private final VertxOptions options;
    private final String closedMessage;
    private Vertx vertx;
    private boolean closed;

    /**
     * @param closedMessage why {@link #get()} fails after {@link #close()}
     */
    public LazyVertx(VertxOptions options, String closedMessage) {
        this.options = options;
        this.closedMessage = closedMessage;
    }

    @Override
    public synchronized Vertx get() {
        if (closed) {
            throw new IllegalStateException(closedMessage);
        }
        if (vertx == null) {
            vertx = Vertx.vertx(options);
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
