package io.codexquarkus.model.client;

import io.codexquarkus.common.LazyVertx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The model's HTTP transport: one POST per attempt on a Vert.x HTTP client, the response body parsed as server-sent
 * events by {@link SseParser} as the bytes arrive. A non-2xx answer fails the stream with {@link HttpStatusException}
 * (its body kept up to {@link #ERROR_BODY_KEEP_BYTES}); a transport failure fails it with Vert.x's exception.
 * Cancelling the stream resets the request, which closes the connection. A request a kept-alive connection closes
 * under before any answer is sent once more (see {@link #send}). The Vert.x instance starts with the first
 * request (a session that never samples never pays for it) and stops on {@link #close()}. Thread-safe.
 */
final class ModelHttp implements AutoCloseable {
    /** How much of an error body is kept: enough for any JSON error object, bounded whatever the server sends. */
    static final int ERROR_BODY_KEEP_BYTES = 64 * 1024;
    /** Concurrent streams per model host before requests wait for a free connection. */
    static final int MAX_CONNECTIONS_PER_HOST = 1024;

    private static final Logger LOG = Logger.getLogger(ModelHttp.class);

    private final Duration connectTimeout;
    /**
     * One event loop: every connection and every request context then share its thread, so a response's end (which
     * Vert.x handles on the connection's loop and hands to the request's context) and a cancellation's reset are
     * ordered on one thread. With two loops a request's context could sit on the other one, the reset could run
     * after the connection had ended the response and gone back to the pool, and Vert.x 4.5 closes the connection on
     * a reset whose response has ended: the next request on it failed with "Connection was closed".
     */
    private final LazyVertx vertx = new LazyVertx(
            new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1), "the model client is closed");

    private HttpClient client;
    /** The connections that have carried a request: a request on one of them again is on a kept-alive connection. */
    private final Set<HttpConnection> carried =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    ModelHttp(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = vertx.get()
                    .createHttpClient(
                            new HttpClientOptions()
                                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                                    .setKeepAlive(true),
                            new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_HOST));
        }
        return client;
    }

    /** Sends the POST on subscription; items are {@link SseChunk}s in arrival order. */
    Multi<SseChunk> post(HttpCall call, String body) {
        return Multi.createFrom().emitter(emitter -> send(call, body, emitter, true), BackPressureStrategy.BUFFER);
    }

    /**
     * @param mayResendOnStale whether a request that a kept-alive connection closes under before any answer may be
     *     sent again, on whichever connection the pool gives next (once, outside the retry budget): a server may close
     *     an idle connection just as a request goes out on it, which it then never read (HTTP clients from Go's to
     *     hyper do the same for a connection the server closed while idle)
     */
    private void send(HttpCall call, String body, MultiEmitter<? super SseChunk> emitter, boolean mayResendOnStale) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(call.url())
                .setFollowRedirects(false);
        for (Map.Entry<String, String> header : call.headers()) {
            options.putHeader(header.getKey(), header.getValue());
        }
        if (call.header("Content-Type") == null) {
            options.putHeader("Content-Type", "application/json");
        }
        AtomicBoolean ended = new AtomicBoolean();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<HttpClientRequest> open = new AtomicReference<>();
        AtomicReference<Context> loop = new AtomicReference<>();
        emitter.onTermination(() -> {
            // cancelled (or failed) before the response ended: drop the connection, the server stops generating.
            // Decided on the event loop, where the response's end is handled too (see vertx): a reset decided here
            // could land after the end, on a connection already back in the pool, and close it under the next
            // request.
            cancelled.set(true);
            Context context = loop.get();
            if (context != null) {
                context.runOnContext(ignored -> resetUnlessEnded(open.get(), ended));
            }
        });
        HttpClient http;
        try {
            http = client();
        } catch (IllegalStateException e) {
            emitter.fail(e);
            return;
        }
        http.request(options).onComplete(opened -> {
            if (opened.failed()) {
                fail(emitter, ended, opened.cause());
                return;
            }
            HttpClientRequest request = opened.result();
            boolean reused = !carried.add(request.connection());
            open.set(request);
            loop.set(Vertx.currentContext());
            if (cancelled.get()) {
                resetUnlessEnded(request, ended); // cancelled while connecting
                return;
            }
            request.send(Buffer.buffer(body)).onComplete(answered -> {
                if (answered.failed()
                        && mayResendOnStale
                        && reused
                        && answered.cause() instanceof HttpClosedException
                        && !cancelled.get()) {
                    LOG.debugf("a kept-alive connection to %s closed before answering; sending again", call.url());
                    send(call, body, emitter, false);
                } else if (answered.failed()) {
                    fail(emitter, ended, answered.cause());
                } else if (answered.result().statusCode() / 100 == 2) {
                    stream(answered.result(), ended, emitter);
                } else {
                    collectError(answered.result(), ended, emitter);
                }
            });
        });
    }

    private static void stream(HttpClientResponse response, AtomicBoolean ended, MultiEmitter<? super SseChunk> out) {
        SseParser parser = new SseParser();
        response.handler(buffer -> {
            byte[] bytes = buffer.getBytes();
            List<String> events = parser.feed(bytes, 0, bytes.length);
            if (events.isEmpty()) {
                out.emit(SseChunk.PARTIAL);
            }
            for (String data : events) {
                out.emit(new SseChunk.Event(data));
            }
        });
        response.exceptionHandler(failure -> fail(out, ended, failure));
        response.endHandler(ignored -> {
            ended.set(true);
            out.complete();
        });
    }

    private static void collectError(
            HttpClientResponse response, AtomicBoolean ended, MultiEmitter<? super SseChunk> out) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long[] total = {0};
        response.handler(buffer -> {
            total[0] += buffer.length();
            int room = ERROR_BODY_KEEP_BYTES - kept.size();
            if (room > 0) {
                byte[] bytes = buffer.getBytes(0, Math.min(room, buffer.length()));
                kept.write(bytes, 0, bytes.length);
            }
        });
        response.exceptionHandler(failure -> fail(out, ended, failure));
        response.endHandler(ignored -> {
            ended.set(true);
            out.fail(new HttpStatusException(
                    response.statusCode(),
                    kept.toString(StandardCharsets.UTF_8),
                    total[0],
                    Optional.ofNullable(response.getHeader("Retry-After"))));
        });
    }

    /** On the request's event loop: resets the request unless its response already ended (or it failed). */
    private static void resetUnlessEnded(HttpClientRequest request, AtomicBoolean ended) {
        if (request != null && ended.compareAndSet(false, true)) {
            request.reset();
        }
    }

    /** Fails the stream unless it already ended: a cancelled request's reset is expected, not an error to report. */
    private static void fail(MultiEmitter<? super SseChunk> out, AtomicBoolean ended, Throwable failure) {
        if (ended.compareAndSet(false, true)) {
            out.fail(failure);
        } else {
            LOG.tracef("after the stream ended: %s", failure);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            client = null;
        }
        vertx.close();
    }
}
