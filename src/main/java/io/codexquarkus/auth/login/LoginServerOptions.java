package io.codexquarkus.auth.login;

import io.codexquarkus.auth.oauth.OAuthClient;
import io.codexquarkus.auth.store.AuthStore;
import java.time.Clock;
import java.time.Duration;

/**
 * What one login server needs.
 *
 * @param issuer OAuth issuer base URL, without trailing slash (the authorize URL is {@code <issuer>/oauth/authorize})
 * @param port local port to bind on 127.0.0.1; 0 picks a free one (tests)
 * @param timeout how long to wait for the browser before giving up
 * @param oauth the issuer's token endpoint (its client id goes into the authorize URL)
 * @param store where the credentials go
 * @param clock for {@code last_refresh}
 */
public record LoginServerOptions(
        String issuer, int port, Duration timeout, OAuthClient oauth, AuthStore store, Clock clock) {
    public LoginServerOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
