package io.codexquarkus.tools.mcp;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient.Builder} handed to the SDK's Streamable HTTP transport that keeps the client it builds: the
 * transport never closes its client, so the pool does ({@link #close}), and no selector thread outlives the session.
 */
final class OwnedHttpClient implements HttpClient.Builder {
    private final HttpClient.Builder delegate = HttpClient.newBuilder();
    private final AtomicReference<HttpClient> built;

    OwnedHttpClient() {
        this(new AtomicReference<>());
    }

    private OwnedHttpClient(AtomicReference<HttpClient> built) {
        this.built = built;
    }

    /** Closes the client the transport built, if it built one; waits for nothing. */
    void close() {
        Optional.ofNullable(built.getAndSet(null)).ifPresent(HttpClient::shutdownNow);
    }

    @Override
    public HttpClient build() {
        HttpClient client = delegate.build();
        HttpClient previous = built.getAndSet(client);
        if (previous != null) {
            previous.shutdownNow();
        }
        return client;
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
        delegate.cookieHandler(cookieHandler);
        return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
        delegate.connectTimeout(duration);
        return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
        delegate.sslContext(sslContext);
        return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
        delegate.sslParameters(sslParameters);
        return this;
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
        delegate.executor(executor);
        return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
        delegate.followRedirects(policy);
        return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
        delegate.version(version);
        return this;
    }

    @Override
    public HttpClient.Builder priority(int priority) {
        delegate.priority(priority);
        return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
        delegate.proxy(proxySelector);
        return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
        delegate.authenticator(authenticator);
        return this;
    }

    @Override
    public HttpClient.Builder localAddress(InetAddress localAddr) {
        delegate.localAddress(localAddr);
        return this;
    }
}
