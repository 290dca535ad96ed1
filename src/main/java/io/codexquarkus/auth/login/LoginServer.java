package io.codexquarkus.auth.login;

import io.codexquarkus.auth.oauth.OAuthException;
import io.codexquarkus.auth.oauth.Pkce;
import io.codexquarkus.auth.oauth.UrlEncoding;
import io.codexquarkus.auth.store.AuthDotJson;
import io.codexquarkus.auth.store.IdTokenClaims;
import io.codexquarkus.auth.store.TokenData;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.ConfigDefaults;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The local OAuth callback server of a ChatGPT login (PKCE + state), on 127.0.0.1. It lives until one of: the browser
 * reaches {@code /success} after the credentials were saved (success), {@code /cancel} is requested, the token
 * exchange fails, the timeout passes, or {@link #cancel()}. The port is closed before {@link #completion()} completes.
 */
public final class LoginServer {
    private static final Logger LOG = Logger.getLogger(LoginServer.class);
    static final String ORIGINATOR = "codex_cli_rs";
    static final String SCOPE = "openid profile email offline_access";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Vertx vertx;
    private final LoginServerOptions options;
    private final Pkce pkce;
    private final String state;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private volatile boolean finished;
    private LoginFailure outcome;
    private final AtomicBoolean exchangeStarted = new AtomicBoolean();
    private volatile boolean persisted;
    private HttpServer server;
    private volatile int port;
    private long timer = -1;

    private LoginServer(Vertx vertx, LoginServerOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.pkce = Pkce.generate();
        this.state = Pkce.randomToken(32);
    }

    /**
     * Binds the server (taking the port over from an earlier Codex login server if needed) and starts the timeout.
     * Never call the blocking {@code join} of the result on an event-loop thread.
     */
    public static Future<LoginServer> start(Vertx vertx, LoginServerOptions options) {
        LoginServer login = new LoginServer(vertx, options);
        return PortBinder.bind(vertx, options.port(), login::handle).map(bound -> {
            login.attach(bound);
            return login;
        });
    }

    /**
     * {@link #start} for callers on ordinary threads.
     *
     * @throws CodexException when the port cannot be bound (e.g. {@code Port 127.0.0.1:1455 is already in use})
     */
    public static LoginServer startAndWait(Vertx vertx, LoginServerOptions options) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("startAndWait must not block an event loop; use start");
        }
        try {
            return start(vertx, options)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw CodexException.failure(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw CodexException.failure("timed out starting the login server on port " + options.port(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CodexException.failure("interrupted while starting the login server", e);
        }
    }

    public int port() {
        return port;
    }

    public String redirectUri() {
        return "http://localhost:" + port + "/auth/callback";
    }

    /** The URL the user opens: the issuer's authorize endpoint with this login's PKCE challenge and state. */
    public String authUrl() {
        return options.issuer() + "/oauth/authorize?"
                + UrlEncoding.form(
                        "response_type",
                        "code",
                        "client_id",
                        options.oauth().clientId(),
                        "redirect_uri",
                        redirectUri(),
                        "scope",
                        SCOPE,
                        "code_challenge",
                        pkce.codeChallenge(),
                        "code_challenge_method",
                        "S256",
                        "id_token_add_organizations",
                        "true",
                        "codex_cli_simplified_flow",
                        "true",
                        "state",
                        state,
                        "originator",
                        ORIGINATOR);
    }

    /**
     * Completes normally once the credentials were saved and the browser saw the success page, exceptionally with a
     * {@link LoginFailure} otherwise; in both cases only after the port is closed again.
     */
    public CompletionStage<Void> completion() {
        return completion;
    }

    /** Stops the server; the login ends with {@code Login was not completed} unless it had already ended. */
    public void cancel() {
        finish(LoginFailure.notCompleted());
    }

    public boolean isDone() {
        return completion.isDone();
    }

    private void handle(HttpServerRequest request) {
        switch (request.path()) {
            case "/auth/callback" -> callback(request);
            case "/success" -> success(request);
            case "/cancel" ->
                text(request, 200, "Login cancelled").onComplete(ignored -> finish(LoginFailure.cancelled()));
            default -> text(request, 404, "Not Found");
        }
    }

    private void callback(HttpServerRequest request) {
        String received = request.getParam("state");
        if (received == null || !constantTimeEquals(received, state)) {
            text(request, 400, "State mismatch");
            return;
        }
        String code = request.getParam("code");
        if (code == null || code.isEmpty()) {
            text(request, 400, "Missing authorization code");
            return;
        }
        if (!exchangeStarted.compareAndSet(false, true)) {
            if (persisted) {
                redirect(request, successLocation(Optional.empty()));
            } else {
                text(request, 409, "Login already in progress");
            }
            return;
        }
        vertx.executeBlocking(() -> exchangeAndPersist(code), false).onComplete(result -> {
            if (result.succeeded()) {
                persisted = true;
                redirect(request, successLocation(Optional.of(result.result())));
            } else {
                Throwable cause = result.cause();
                LoginFailure failure = cause instanceof LoginFailure f
                        ? f
                        : new LoginFailure(LoginFailure.Reason.FAILED, String.valueOf(cause.getMessage()), cause);
                text(request, 500, failure.getMessage()).onComplete(ignored -> finish(failure));
            }
        });
    }

    /** Runs on a worker thread: the two token requests and the file write. */
    private IdTokenClaims exchangeAndPersist(String code) throws LoginFailure {
        TokenData tokens;
        try {
            var issued = options.oauth().exchangeCode(code, redirectUri(), pkce.codeVerifier());
            tokens = TokenData.fromIssuer(issued.idToken(), issued.accessToken(), issued.refreshToken());
        } catch (OAuthException e) {
            throw new LoginFailure(LoginFailure.Reason.FAILED, "Token exchange failed: " + e.getMessage(), e);
        } catch (IdTokenClaims.InvalidJwtException e) {
            throw new LoginFailure(
                    LoginFailure.Reason.FAILED, "Token exchange failed: invalid id_token: " + e.getMessage(), e);
        }
        Optional<String> apiKey = options.oauth().obtainApiKey(tokens.idToken());
        if (finished) {
            throw LoginFailure.notCompleted();
        }
        try {
            options.store()
                    .save(AuthDotJson.chatGpt(apiKey, tokens, options.clock().instant()));
        } catch (CodexException e) {
            throw new LoginFailure(LoginFailure.Reason.FAILED, "Unable to persist auth file: " + e.getMessage(), e);
        }
        return tokens.claims();
    }

    private void success(HttpServerRequest request) {
        if (!persisted) {
            text(request, 400, "Login has not completed");
            return;
        }
        request.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Connection", "close")
                .end(SuccessPage.HTML)
                .onComplete(ignored -> finish(null));
    }

    /** {@code /success} with the query Codex puts there (minus the id token, which has no business in a URL). */
    private String successLocation(Optional<IdTokenClaims> claims) {
        boolean needsSetup = claims.map(c -> !c.completedPlatformOnboarding() && c.orgOwner())
                .orElse(false);
        String platformUrl = ConfigDefaults.DEFAULT_ISSUER.equals(options.issuer())
                ? "https://platform.openai.com"
                : "https://platform.api.openai.org";
        return "http://localhost:" + port + "/success?"
                + UrlEncoding.form(
                        "needs_setup", Boolean.toString(needsSetup),
                        "org_id", claims.flatMap(IdTokenClaims::organizationId).orElse(""),
                        "project_id", claims.flatMap(IdTokenClaims::projectId).orElse(""),
                        "plan_type", claims.flatMap(IdTokenClaims::planType).orElse(""),
                        "platform_url", platformUrl);
    }

    /** Called once the port is bound; a request may already have ended the login by then. */
    private synchronized void attach(HttpServer bound) {
        server = bound;
        port = bound.actualPort();
        if (finished) {
            closeAndComplete();
            return;
        }
        timer = vertx.setTimer(Math.max(1, options.timeout().toMillis()), id -> {
            LOG.debugf("login on port %d timed out", port);
            finish(LoginFailure.timedOut());
        });
    }

    /** Ends the login once: stops the timer, closes the port, then completes ({@code null} = success). */
    private synchronized void finish(LoginFailure failure) {
        if (finished) {
            return;
        }
        finished = true;
        outcome = failure;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (server != null) {
            closeAndComplete();
        }
    }

    private void closeAndComplete() {
        LoginFailure failure = outcome;
        server.close().onComplete(ignored -> {
            if (failure == null) {
                completion.complete(null);
            } else {
                completion.completeExceptionally(failure);
            }
        });
    }

    private static Future<Void> text(HttpServerRequest request, int status, String body) {
        return request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", TEXT)
                .end(body);
    }

    private static void redirect(HttpServerRequest request, String location) {
        request.response().setStatusCode(302).putHeader("Location", location).end();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Binds 127.0.0.1:port, first asking an earlier login server on that port to stop. */
    static final class PortBinder {
        static final int MAX_ATTEMPTS = 10;
        static final Duration RETRY_DELAY = Duration.ofMillis(200);

        private PortBinder() {}

        static Future<HttpServer> bind(Vertx vertx, int port, Handler<HttpServerRequest> handler) {
            Promise<HttpServer> promise = Promise.promise();
            attempt(vertx, port, handler, 1, false, promise);
            return promise.future();
        }

        private static void attempt(
                Vertx vertx,
                int port,
                Handler<HttpServerRequest> handler,
                int attempt,
                boolean cancelSent,
                Promise<HttpServer> promise) {
            HttpServer server = vertx.createHttpServer(
                    new HttpServerOptions().setHost("127.0.0.1").setPort(port));
            server.requestHandler(handler);
            server.exceptionHandler(e -> LOG.debugf("login server connection error: %s", e.getMessage()));
            server.listen().onComplete(result -> {
                if (result.succeeded()) {
                    promise.complete(result.result());
                    return;
                }
                Throwable error = result.cause();
                server.close();
                if (!isAddressInUse(error)) {
                    promise.fail(error);
                    return;
                }
                if (attempt >= MAX_ATTEMPTS) {
                    promise.fail(new BindException("Port 127.0.0.1:" + port + " is already in use"));
                    return;
                }
                Future<Void> cancelled = cancelSent ? Future.succeededFuture() : CancelRequest.send(vertx, port);
                cancelled.onComplete(ignored -> vertx.setTimer(
                        RETRY_DELAY.toMillis(), id -> attempt(vertx, port, handler, attempt + 1, true, promise)));
            });
        }

        static boolean isAddressInUse(Throwable error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    return true;
                }
                String message = t.getMessage();
                if (message != null && message.contains("Address already in use")) {
                    return true;
                }
            }
            return false;
        }
    }
}
