package io.codexquarkus.model.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.codexquarkus.common.Durations;
import io.codexquarkus.common.Json;
import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.config.WireApi;
import io.codexquarkus.model.ModelClientOptions;
import io.codexquarkus.model.ModelFamily;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.VertxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One {@link io.codexquarkus.model.ModelClient#stream} call: builds the body once, then runs attempts until one ends
 * with {@code Completed} or {@code Failed}. Two retry levels, as in Codex:
 *
 * <ul>
 *   <li>request level, until the first SSE event: 429, 5xx and connection errors are retried up to
 *       {@code request_max_retries} times after {@code Retry-After} seconds or the backoff; a 401 refreshes a login
 *       once; other statuses and usage limits are final.
 *   <li>stream level: a stream that breaks (idle timeout, lost connection, early end, a retryable {@code
 *       response.failed}) is retried whole up to {@code stream_max_retries} times, each announced by a {@code
 *       StreamRetry}.
 * </ul>
 */
final class TurnStream {
    private static final Logger LOG = Logger.getLogger(TurnStream.class);

    private final ReactiveModelClient client;
    private final ModelRequest request;
    private final ModelProviderInfo provider;
    private final ModelClientOptions options;
    private final int maxStreamRetries;
    private final long maxRequestRetries;
    private final Duration idleTimeout;
    private final Duration maxRetryDelay;

    TurnStream(ReactiveModelClient client, ModelRequest request) {
        this.client = client;
        this.request = request;
        this.provider = request.provider();
        this.options = client.options();
        this.maxStreamRetries = (int) Math.max(0, provider.streamMaxRetries());
        this.maxRequestRetries = Math.max(0, provider.requestMaxRetries());
        this.idleTimeout = Duration.ofMillis(provider.streamIdleTimeoutMs());
        this.maxRetryDelay = Duration.ofMillis(Math.max(0, provider.requestMaxRetryDelayMs()));
    }

    Multi<ResponseEvent> events() {
        String body;
        try {
            body = Json.write(
                    provider.wireApi() == WireApi.RESPONSES
                            ? ResponsesRequestBody.build(
                                    request, ModelFamily.find(request.model()), Endpoints.isAzure(provider))
                            : ChatRequestBody.build(request));
        } catch (ModelFailureException e) {
            return Multi.createFrom().item(new ResponseEvent.Failed(e.error()));
        } catch (RuntimeException e) {
            LOG.warn("cannot build the model request", e);
            return Multi.createFrom()
                    .item(new ResponseEvent.Failed(
                            ModelError.of(ModelError.Kind.OTHER, "cannot build the model request: " + describe(e))));
        }
        return attempt(0, body);
    }

    /** One whole round-trip; on a broken stream, the next one after a {@code StreamRetry}. */
    private Multi<ResponseEvent> attempt(int retriesSoFar, String body) {
        return Multi.createFrom()
                .deferred(() -> {
                    SseDecoder decoder =
                            provider.wireApi() == WireApi.RESPONSES ? new ResponsesSseDecoder() : new ChatSseDecoder();
                    return Uni.createFrom()
                            .item(() -> client.credentials().resolve(provider))
                            .runSubscriptionOn(options.blockingExecutor())
                            .onItem()
                            .transformToMulti(auth -> connect(1, auth, false, body))
                            .onItem()
                            .transformToIterable(chunk -> switch (chunk) {
                                case SseChunk.Event event -> decoder.onData(event.data());
                                case SseChunk.Partial partial -> List.of();
                            })
                            .select()
                            .first(item -> item != SseDecoder.CUT)
                            .onCompletion()
                            .switchTo(() -> decoder.finished()
                                    ? Multi.createFrom().empty()
                                    : Multi.createFrom().failure(decoder.endedEarly()))
                            .onItem()
                            .castTo(ResponseEvent.class);
                })
                .onFailure()
                .recoverWithMulti(failure -> afterAttempt(failure, retriesSoFar, body));
    }

    private Multi<ResponseEvent> afterAttempt(Throwable failure, int retriesSoFar, String body) {
        if (failure instanceof ModelFailureException fatal) {
            return Multi.createFrom().item(new ResponseEvent.Failed(fatal.error()));
        }
        StreamBrokenException broken;
        if (failure instanceof StreamBrokenException b) {
            broken = b;
        } else if (isTransport(failure)) {
            broken = new StreamBrokenException(describe(failure));
        } else {
            LOG.warn("model stream failed unexpectedly", failure);
            return Multi.createFrom()
                    .item(new ResponseEvent.Failed(ModelError.of(ModelError.Kind.OTHER, describe(failure))));
        }
        String error = ModelErrorText.streamDisconnected(broken.getMessage());
        if (retriesSoFar >= maxStreamRetries) {
            return Multi.createFrom().item(new ResponseEvent.Failed(ModelError.of(ModelError.Kind.STREAM, error)));
        }
        int retry = retriesSoFar + 1;
        Duration delay = capped(broken.requestedDelay().orElseGet(() -> Backoff.delay(retry, options.jitter())));
        String message = "stream error: " + error + "; retrying " + retry + "/" + maxStreamRetries + " in "
                + Durations.debug(delay) + "…";
        LOG.debug(message);
        return Multi.createBy()
                .concatenating()
                .streams(
                        Multi.createFrom().item(new ResponseEvent.StreamRetry(message, retry, maxStreamRetries, delay)),
                        options.sleeper().sleep(delay).onItem().transformToMulti(ignored -> attempt(retry, body)));
    }

    /** One HTTP request of the attempt, retried at the request level until the first event arrives. */
    private Multi<SseChunk> connect(int attempt, ResolvedAuth auth, boolean refreshed, String body) {
        return Multi.createFrom().deferred(() -> {
            HttpCall call = Endpoints.call(request, auth, options.platform(), options.environment());
            IdleTimeout<SseChunk> watched =
                    new IdleTimeout<>(client.post(call, body), idleTimeout, options.scheduler());
            return watched.onFailure(failure ->
                            !watched.started() && (failure instanceof HttpStatusException || isTransport(failure)))
                    .recoverWithMulti(failure -> retryRequest(failure, attempt, auth, refreshed, body, call.url()));
        });
    }

    private Multi<SseChunk> retryRequest(
            Throwable failure, int attempt, ResolvedAuth auth, boolean refreshed, String body, String url) {
        if (!(failure instanceof HttpStatusException rejected)) {
            if (attempt > maxRequestRetries) {
                return Multi.createFrom()
                        .failure(new ModelFailureException(
                                ModelError.Kind.RETRY_LIMIT,
                                "exceeded retry limit, last error: " + describe(failure) + " (" + url + ")"));
            }
            return later(backoff(attempt), () -> connect(attempt + 1, auth, refreshed, body));
        }
        int status = rejected.status();
        String text = ModelErrorText.errorBody(rejected.body(), rejected.bodyBytes());
        if (status == 401 && auth.fromLogin() && !refreshed) {
            return Uni.createFrom()
                    .item(() -> client.credentials().refresh())
                    .runSubscriptionOn(options.blockingExecutor())
                    .onItem()
                    .transformToMulti(next -> next.isPresent()
                            ? connect(attempt, next.get(), true, body)
                            : Multi.createFrom()
                                    .failure(new ModelFailureException(
                                            ModelError.Kind.UNAUTHORIZED,
                                            ModelErrorText.unexpectedStatus(status, text),
                                            status)));
        }
        Optional<ModelFailureException> fatal = fatalStatus(status, rejected.body(), text);
        if (fatal.isPresent()) {
            return Multi.createFrom().failure(fatal.get());
        }
        if (attempt > maxRequestRetries) {
            return Multi.createFrom()
                    .failure(new ModelFailureException(
                            ModelError.Kind.RETRY_LIMIT,
                            status == 500 ? ModelErrorText.HIGH_DEMAND : ModelErrorText.retryLimit(status),
                            status));
        }
        Duration delay = rejected.retryAfter()
                .flatMap(value -> RetryAfter.parse(value, Instant.now()))
                .map(this::capped)
                .orElseGet(() -> backoff(attempt));
        LOG.debugf("model request got %s; retrying %d/%d in %s", status, attempt, maxRequestRetries, delay);
        return later(delay, () -> connect(attempt + 1, auth, refreshed, body));
    }

    /** The backoff before retry {@code attempt}, never past {@code request_max_retry_delay_ms}. */
    private Duration backoff(int attempt) {
        return capped(Backoff.delay(attempt, options.jitter()));
    }

    private Duration capped(Duration delay) {
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }

    private Multi<SseChunk> later(Duration delay, Supplier<Multi<SseChunk>> next) {
        return options.sleeper().sleep(delay).onItem().transformToMulti(ignored -> next.get());
    }

    /** Statuses no retry fixes; empty for 429 and 5xx, which are retried. */
    private static Optional<ModelFailureException> fatalStatus(int status, String rawBody, String body) {
        JsonNode error = errorObject(rawBody);
        String type = error.path("type").asText("");
        String code = error.path("code").asText("");
        if (status == 401) {
            return Optional.of(new ModelFailureException(
                    ModelError.Kind.UNAUTHORIZED, ModelErrorText.unexpectedStatus(status, body), status));
        }
        if (status == 429) {
            if (type.equals("usage_limit_reached")) {
                return Optional.of(new ModelFailureException(
                        ModelError.Kind.USAGE_LIMIT, ModelErrorText.usageLimitReached(error), status));
            }
            if (type.equals("usage_not_included")) {
                return Optional.of(new ModelFailureException(
                        ModelError.Kind.USAGE_LIMIT, ModelErrorText.USAGE_NOT_INCLUDED, status));
            }
            if (code.equals("insufficient_quota")) {
                return Optional.of(
                        new ModelFailureException(ModelError.Kind.USAGE_LIMIT, ModelErrorText.QUOTA_EXCEEDED, status));
            }
            return Optional.empty();
        }
        if (status >= 500) {
            return Optional.empty();
        }
        if (ContextWindowErrors.matches(error) || ContextWindowErrors.matches(bareError(rawBody))) {
            return Optional.of(new ModelFailureException(
                    ModelError.Kind.CONTEXT_WINDOW_EXCEEDED, ModelErrorText.CONTEXT_WINDOW, status));
        }
        return Optional.of(new ModelFailureException(
                ModelError.Kind.UNEXPECTED_STATUS, ModelErrorText.unexpectedStatus(status, body), status));
    }

    /** The {@code error} object of an OpenAI-style error body, or a missing node. */
    private static JsonNode errorObject(String body) {
        try {
            return Json.parse(body).path("error");
        } catch (UncheckedIOException e) {
            return MissingNode.getInstance();
        }
    }

    /** A body that is itself the error ({@code {"object":"error","message":…}}, as vLLM answers), or a missing node. */
    private static JsonNode bareError(String body) {
        try {
            JsonNode root = Json.parse(body);
            return root.has("error") ? MissingNode.getInstance() : root;
        } catch (UncheckedIOException e) {
            return MissingNode.getInstance();
        }
    }

    static boolean isTransport(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof VertxException) {
                return true;
            }
        }
        return false;
    }

    /** The most specific message in a cause chain, for one-line errors. */
    static String describe(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message != null ? message : failure.getClass().getSimpleName();
    }
}
