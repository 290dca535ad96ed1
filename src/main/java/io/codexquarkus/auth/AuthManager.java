package io.codexquarkus.auth;

import io.codexquarkus.auth.oauth.OAuthClient;
import io.codexquarkus.auth.oauth.OAuthException;
import io.codexquarkus.auth.oauth.RefreshRefusedException;
import io.codexquarkus.auth.oauth.RefreshedTokens;
import io.codexquarkus.auth.store.AuthDotJson;
import io.codexquarkus.auth.store.AuthStore;
import io.codexquarkus.auth.store.IdTokenClaims;
import io.codexquarkus.auth.store.TokenData;
import io.codexquarkus.common.CodexException;
import io.codexquarkus.common.ExitCode;
import io.codexquarkus.config.AuthMethod;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.auth.ModelAuth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Reads the login from auth.json (or {@code OPENAI_API_KEY}), picks the credential by {@code preferred_auth_method},
 * and keeps ChatGPT tokens fresh. The file is read on every call, so logins and refreshes made by other processes are
 * seen at once; reads never write.
 */
public final class AuthManager implements AuthProvider {
    private static final Logger LOG = Logger.getLogger(AuthManager.class);
    /** Tokens older than this are refreshed before use. */
    public static final Duration REFRESH_INTERVAL = Duration.ofDays(8);
    /** A 401 this soon after a refresh is not refreshed again (parallel requests share one refresh). */
    static final Duration REFRESH_DEBOUNCE = Duration.ofSeconds(10);

    private final AuthStore store;
    private final AuthMethod preferred;
    private final Optional<String> environmentApiKey;
    private final OAuthClient oauth;
    private final Clock clock;
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile Instant lastRefreshDone = Instant.MIN;

    /**
     * Creates a manager over one auth.json.
     *
     * @param environmentApiKey {@code OPENAI_API_KEY} of the process, used only when there is no auth.json
     */
    public AuthManager(
            AuthStore store, AuthMethod preferred, Optional<String> environmentApiKey, OAuthClient oauth, Clock clock) {
        this.store = store;
        this.preferred = preferred;
        this.environmentApiKey = environmentApiKey.filter(k -> !k.isEmpty());
        this.oauth = oauth;
        this.clock = clock;
    }

    /**
     * The manager for a loaded configuration (its CODEX_HOME, {@code [auth]} refresh URL and {@code
     * preferred_auth_method}), for callers that only need credentials, e.g. the model client of {@code exec}. Its
     * HTTP client is created on the first refresh and uses daemon threads.
     */
    public static AuthManager create(CodexConfig config, Map<String, String> env) {
        return new AuthManager(
                new AuthStore(config.codexHome()),
                config.preferredAuthMethod(),
                Optional.ofNullable(env.get("OPENAI_API_KEY")),
                new OAuthClient(config.auth()),
                Clock.systemUTC());
    }

    public AuthStore store() {
        return store;
    }

    public AuthMethod preferredAuthMethod() {
        return preferred;
    }

    /**
     * The login as stored, without any network access: only a key → API key; only tokens → ChatGPT; both →
     * {@code preferred_auth_method}; no auth.json → {@code OPENAI_API_KEY} if set.
     *
     * @throws CodexException exit 2 when auth.json is malformed (it is then left untouched)
     */
    public Optional<CodexAuth> load() {
        Optional<AuthDotJson> file = store.load();
        if (file.isEmpty()) {
            return environmentApiKey.map(key -> new CodexAuth.ApiKey(key, true));
        }
        return select(file.get());
    }

    private Optional<CodexAuth> select(AuthDotJson auth) {
        Optional<String> key = auth.openaiApiKey();
        Optional<TokenData> tokens = auth.tokens();
        if (key.isPresent() && (tokens.isEmpty() || preferred == AuthMethod.APIKEY)) {
            return Optional.of(new CodexAuth.ApiKey(key.get(), false));
        }
        return tokens.map(t -> new CodexAuth.ChatGpt(t, auth.lastRefresh()));
    }

    /**
     * {@link #load()}, refreshing ChatGPT tokens first when they are older than {@link #REFRESH_INTERVAL}. A refresh
     * that fails for a passing reason (network) is logged and the stored access token is used.
     *
     * @throws CodexException exit 3 when the issuer refuses the refresh token for good
     */
    public Optional<CodexAuth> loadFresh() {
        Optional<CodexAuth> auth = load();
        if (auth.isEmpty()) {
            return auth;
        }
        try {
            return Optional.of(freshen(auth.get()));
        } catch (RefreshFailure e) {
            throw new CodexException(ExitCode.MODEL, e.getMessage(), e);
        }
    }

    /**
     * {@code auth} itself, or refreshed ChatGPT tokens when they are stale. A refresh that fails for a passing reason
     * (network, 5xx) is logged and the stored tokens are returned.
     *
     * @throws RefreshFailure when the issuer refuses the refresh token for good
     */
    public CodexAuth freshen(CodexAuth auth) throws RefreshFailure {
        if (auth instanceof CodexAuth.ChatGpt chatGpt && isStale(chatGpt)) {
            try {
                return refreshTokens();
            } catch (RefreshFailure e) {
                if (e.permanent()) {
                    throw e;
                }
                LOG.warnf("Could not refresh the ChatGPT token (%s); using the stored one", e.getMessage());
            }
        }
        return auth;
    }

    boolean isStale(CodexAuth.ChatGpt auth) {
        return auth.lastRefresh()
                .map(at -> at.isBefore(clock.instant().minus(REFRESH_INTERVAL)))
                .orElse(true);
    }

    /**
     * Refreshes the stored ChatGPT tokens now and rewrites auth.json (other members kept).
     *
     * @throws RefreshFailure when there is nothing to refresh or the issuer does not give new tokens
     */
    public CodexAuth.ChatGpt refreshTokens() throws RefreshFailure {
        refreshLock.lock();
        try {
            AuthDotJson file = store.load().orElseThrow(() -> new RefreshFailure("Not logged in", false));
            TokenData current =
                    file.tokens().orElseThrow(() -> new RefreshFailure("Token data is not available.", false));
            RefreshedTokens fresh;
            try {
                fresh = oauth.refresh(current.refreshToken());
            } catch (RefreshRefusedException e) {
                throw new RefreshFailure(e.getMessage(), true);
            } catch (OAuthException e) {
                throw new RefreshFailure(e.getMessage(), false);
            }
            TokenData updated;
            try {
                IdTokenClaims claims = fresh.idToken().map(IdTokenClaims::parse).orElse(current.claims());
                updated = new TokenData(
                        fresh.idToken().orElse(current.idToken()),
                        claims,
                        fresh.accessToken().orElse(current.accessToken()),
                        fresh.refreshToken().orElse(current.refreshToken()),
                        current.accountId().or(claims::accountId));
            } catch (IdTokenClaims.InvalidJwtException e) {
                throw new RefreshFailure("Failed to refresh token: invalid id_token: " + e.getMessage(), false);
            }
            Instant now = clock.instant();
            store.save(file.withTokens(updated, now));
            lastRefreshDone = now;
            LOG.debug("ChatGPT tokens refreshed");
            return new CodexAuth.ChatGpt(updated, Optional.of(now));
        } finally {
            refreshLock.unlock();
        }
    }

    @Override
    public Optional<ModelAuth> current() {
        return loadFresh().filter(AuthManager::usable).map(CodexAuth::toModelAuth);
    }

    @Override
    public Optional<ModelAuth> refreshAfterUnauthorized() {
        Optional<CodexAuth> auth = load();
        if (!(auth.orElse(null) instanceof CodexAuth.ChatGpt)) {
            return Optional.empty();
        }
        refreshLock.lock();
        try {
            if (lastRefreshDone.isAfter(clock.instant().minus(REFRESH_DEBOUNCE))) {
                return load().filter(AuthManager::usable).map(CodexAuth::toModelAuth);
            }
            return Optional.of(refreshTokens().toModelAuth());
        } catch (RefreshFailure e) {
            throw new CodexException(ExitCode.MODEL, e.getMessage(), e);
        } finally {
            refreshLock.unlock();
        }
    }

    private static boolean usable(CodexAuth auth) {
        return switch (auth) {
            case CodexAuth.ApiKey key -> !key.key().isEmpty();
            case CodexAuth.ChatGpt chatGpt -> !chatGpt.tokens().accessToken().isEmpty();
        };
    }

    /** A refresh did not produce new tokens. */
    public static final class RefreshFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;

        RefreshFailure(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }

        /** The issuer refused the refresh token: only a new login helps. */
        public boolean permanent() {
            return permanent;
        }
    }
}
