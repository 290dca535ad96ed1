package io.codexquarkus.auth;

import io.codexquarkus.auth.login.LoginFailure;
import io.codexquarkus.auth.login.LoginServer;
import io.codexquarkus.auth.login.LoginServerOptions;
import io.codexquarkus.auth.oauth.OAuthClient;
import io.codexquarkus.auth.store.AuthDotJson;
import io.codexquarkus.auth.store.AuthStore;
import io.codexquarkus.auth.store.TokenData;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.AuthMethod;
import io.codexquarkus.config.AuthSettings;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.model.auth.AuthProvider;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Everything a front end does with the Codex login, shaped after the 2025 MCP methods ({@code getAuthStatus},
 * {@code loginApiKey}, {@code loginChatGpt}, {@code cancelLoginChatGpt}, {@code logoutChatGpt}, {@code userInfo}) and
 * their notifications. Thread-safe; the blocking methods must not run on an event loop. One ChatGPT login is active per
 * process: starting one cancels the previous.
 */
public final class AuthService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuthService.class);
    /** Serializes login starts; never taken on an event loop. */
    private static final Object LOGIN_LOCK = new Object();
    /** The login-server slot of this process (there is only one callback port). */
    private static final AtomicReference<ActiveLogin> ACTIVE = new AtomicReference<>();
    /** Completion work (callbacks, file reads) runs here, never on the event loop that closed the server. */
    private static final Executor COMPLETION_EXECUTOR =
            command -> Thread.ofVirtual().name("codex-login-completion").start(command);

    private final AuthManager manager;
    private final AuthSettings settings;
    private final Duration loginTimeout;
    private final int loginPort;
    private final Supplier<Vertx> vertx;
    private final OAuthClient oauth;
    private final Clock clock;
    private final AuthStatusNotifier notifier = new AuthStatusNotifier();

    private record ActiveLogin(String loginId, LoginServer server, AuthService owner) {}

    private AuthService(Builder b) {
        this.settings = b.settings;
        this.oauth = new OAuthClient(b.settings);
        this.clock = b.clock;
        this.manager = new AuthManager(
                new AuthStore(b.home), b.preferred, Optional.ofNullable(b.env.get("OPENAI_API_KEY")), oauth, b.clock);
        this.loginTimeout =
                b.loginTimeout == null ? Duration.ofSeconds(settings.loginTimeoutSeconds()) : b.loginTimeout;
        this.loginPort = b.loginPort == null ? settings.loginPort() : b.loginPort;
        this.vertx = b.vertx;
    }

    /** The service for a loaded configuration: its CODEX_HOME, {@code [auth]} and {@code preferred_auth_method}. */
    public static AuthService create(CodexConfig config, Map<String, String> env, Supplier<Vertx> vertx) {
        return builder(config.codexHome(), config.auth())
                .preferredAuthMethod(config.preferredAuthMethod())
                .environment(env)
                .vertx(vertx)
                .build();
    }

    /**
     * An auth service for commands that read or delete the stored login but never start the login server (so never
     * need Vert.x): {@code login status}, {@code logout}.
     */
    public static AuthService withoutLoginServer(CodexConfig config, Map<String, String> env) {
        return create(config, env, () -> {
            throw new IllegalStateException("this command starts no login server");
        });
    }

    public static Builder builder(CodexHome home, AuthSettings settings) {
        return new Builder(home, settings);
    }

    /** The credential source for the model client. */
    public AuthProvider authProvider() {
        return manager;
    }

    public AuthManager manager() {
        return manager;
    }

    public AuthStore store() {
        return manager.store();
    }

    /**
     * {@code getAuthStatus}. Refreshes stale ChatGPT tokens as a token read does; {@code refreshToken} forces a
     * refresh first (failures only logged).
     *
     * @throws CodexException when auth.json is malformed
     */
    public AuthStatus getAuthStatus(boolean includeToken, boolean refreshToken) {
        AuthMethod preferred = manager.preferredAuthMethod();
        Optional<CodexAuth> auth = manager.load();
        boolean refreshed = false;
        if (refreshToken && auth.orElse(null) instanceof CodexAuth.ChatGpt) {
            try {
                auth = Optional.of(manager.refreshTokens());
            } catch (AuthManager.RefreshFailure e) {
                LOG.warnf("Failed to refresh the token for getAuthStatus: %s", e.getMessage());
            }
            // one attempt per call: a failed forced refresh is not retried for staleness below
            refreshed = true;
        }
        if (auth.isEmpty()) {
            return new AuthStatus(Optional.empty(), preferred, Optional.empty());
        }
        String token;
        try {
            CodexAuth current = refreshed ? auth.get() : manager.freshen(auth.get());
            token = switch (current) {
                case CodexAuth.ApiKey key -> key.key();
                case CodexAuth.ChatGpt chatGpt -> chatGpt.tokens().accessToken();
            };
        } catch (AuthManager.RefreshFailure e) {
            LOG.warnf("Failed to get the auth token: %s", e.getMessage());
            return new AuthStatus(Optional.of(auth.get().method()), preferred, Optional.empty());
        }
        if (token.isEmpty()) {
            return new AuthStatus(Optional.empty(), preferred, Optional.empty());
        }
        return new AuthStatus(
                Optional.of(auth.get().method()), preferred, includeToken ? Optional.of(token) : Optional.empty());
    }

    /** What {@code login status} reports: the stored login, without network access. */
    public Optional<CodexAuth> currentAuth() {
        return manager.load();
    }

    /**
     * {@code loginApiKey}: cancels an active ChatGPT login and saves {@code {"OPENAI_API_KEY": key}} (not validated).
     * Then the auth-status listeners run.
     */
    public void loginApiKey(String apiKey) {
        cancelActiveLogin();
        manager.store().save(AuthDotJson.apiKey(apiKey));
        fireStatusChange();
    }

    /** {@link #loginChatGpt(Consumer)} without a completion callback. */
    public ChatGptLogin loginChatGpt() {
        return loginChatGpt(outcome -> {});
    }

    /**
     * {@code loginChatGpt}: replaces any active login, starts the callback server on 127.0.0.1:{@code login_port} and
     * returns the URL to open. When the attempt ends, {@code onComplete} gets the outcome, then (after a success) the
     * auth-status listeners run, then {@link ChatGptLogin#completion()} completes.
     *
     * @throws CodexException when the port cannot be bound, e.g. {@code Port 127.0.0.1:1455 is already in use}
     */
    public ChatGptLogin loginChatGpt(Consumer<LoginOutcome> onComplete) {
        synchronized (LOGIN_LOCK) {
            cancelActiveLogin();
            LoginServer server = LoginServer.startAndWait(
                    vertx.get(),
                    new LoginServerOptions(settings.issuer(), loginPort, loginTimeout, oauth, manager.store(), clock));
            String loginId = UUID.randomUUID().toString();
            ActiveLogin login = new ActiveLogin(loginId, server, this);
            ACTIVE.set(login);
            CompletableFuture<LoginOutcome> done = new CompletableFuture<>();
            server.completion()
                    .whenCompleteAsync(
                            (ignored, error) -> {
                                ACTIVE.compareAndSet(login, null);
                                LoginOutcome outcome = error == null
                                        ? LoginOutcome.succeeded(loginId)
                                        : LoginOutcome.failed(loginId, errorText(error));
                                try {
                                    onComplete.accept(outcome);
                                } catch (RuntimeException e) {
                                    LOG.warnf(e, "login completion callback failed");
                                }
                                if (outcome.success()) {
                                    fireStatusChange();
                                }
                                done.complete(outcome);
                            },
                            COMPLETION_EXECUTOR);
            return new ChatGptLogin(loginId, server.authUrl(), server.port(), done);
        }
    }

    /**
     * {@code cancelLoginChatGpt}: stops the active login if it is {@code loginId}; its completion then reports
     * {@code Login server error: Login was not completed}.
     *
     * @throws LoginNotFoundException when no active login has that id
     */
    public void cancelLoginChatGpt(String loginId) {
        ActiveLogin login = ACTIVE.get();
        if (login == null || !login.loginId().equals(loginId) || !ACTIVE.compareAndSet(login, null)) {
            throw new LoginNotFoundException(loginId);
        }
        login.server().cancel();
    }

    /**
     * {@code logoutChatGpt}: cancels an active login and deletes auth.json, then the auth-status listeners run (with
     * whatever credential is left, e.g. {@code OPENAI_API_KEY}).
     *
     * @return whether there was a file to delete
     * @throws CodexException when the file cannot be deleted
     */
    public boolean logout() {
        cancelActiveLogin();
        boolean removed = manager.store().delete();
        fireStatusChange();
        return removed;
    }

    /** {@code userInfo}: the email claim of the stored id token. */
    public Optional<String> userEmail() {
        return manager.store()
                .load()
                .flatMap(AuthDotJson::tokens)
                .map(TokenData::claims)
                .flatMap(c -> c.email());
    }

    /**
     * Registers a listener for logins and logouts.
     *
     * @return removes the listener again
     */
    public Runnable addAuthStatusListener(AuthStatusListener listener) {
        return notifier.add(listener);
    }

    /**
     * Holds back the auth-status notifications this thread causes until the returned scope closes, so a caller can
     * send its reply first (see {@link #deferringNotifications(Runnable)}).
     */
    public AuthStatusNotifier.NotificationScope deferNotifications() {
        return notifier.deferNotifications();
    }

    /**
     * Runs {@code work} (e.g. a method call and the reply to it) and only then delivers the auth-status notifications
     * it caused.
     */
    public void deferringNotifications(Runnable work) {
        AuthStatusNotifier.NotificationScope scope = deferNotifications();
        try {
            work.run();
        } finally {
            scope.close();
        }
    }

    private void fireStatusChange() {
        Optional<AuthMethod> method;
        try {
            method = manager.load().map(CodexAuth::method);
        } catch (CodexException e) {
            LOG.warnf("Cannot read the login after a change: %s", e.getMessage());
            method = Optional.empty();
        }
        notifier.fire(method);
    }

    private static void cancelActiveLogin() {
        ActiveLogin previous = ACTIVE.getAndSet(null);
        if (previous != null) {
            stopAndWait(previous.server());
        }
    }

    private static void stopAndWait(LoginServer server) {
        server.cancel();
        try {
            // the port must be free before a new server binds it
            server.completion().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException expected) {
            // it ended with "Login was not completed", as intended
        } catch (TimeoutException e) {
            LOG.warn("the previous login server did not stop within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String errorText(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof LoginFailure failure) {
            return failure.reason() == LoginFailure.Reason.TIMED_OUT
                    ? failure.getMessage()
                    : "Login server error: " + failure.getMessage();
        }
        return "Login server error: " + cause.getMessage();
    }

    /** Stops a login this process still runs and releases the HTTP client. */
    @Override
    public void close() {
        ActiveLogin mine = ACTIVE.get();
        if (mine != null && mine.owner() == this && ACTIVE.compareAndSet(mine, null)) {
            stopAndWait(mine.server());
        }
        oauth.close();
    }

    /** Builds an {@link AuthService}; tests set the port, timeout and clock. */
    public static final class Builder {
        private final CodexHome home;
        private final AuthSettings settings;
        private AuthMethod preferred = AuthMethod.CHATGPT;
        private Map<String, String> env = Map.of();
        private Supplier<Vertx> vertx = () -> {
            throw new IllegalStateException("no Vert.x instance configured for ChatGPT login");
        };
        private Duration loginTimeout;
        private Integer loginPort;
        private Clock clock = Clock.systemUTC();

        private Builder(CodexHome home, AuthSettings settings) {
            this.home = home;
            this.settings = settings;
        }

        public Builder preferredAuthMethod(AuthMethod value) {
            this.preferred = value;
            return this;
        }

        /** The process environment; only {@code OPENAI_API_KEY} is read. */
        public Builder environment(Map<String, String> value) {
            this.env = Map.copyOf(value);
            return this;
        }

        /** Where the login server runs; asked for only when a ChatGPT login starts. */
        public Builder vertx(Supplier<Vertx> value) {
            this.vertx = value;
            return this;
        }

        public Builder loginTimeout(Duration value) {
            this.loginTimeout = value;
            return this;
        }

        public Builder loginPort(int value) {
            this.loginPort = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public AuthService build() {
            return new AuthService(this);
        }
    }
}
