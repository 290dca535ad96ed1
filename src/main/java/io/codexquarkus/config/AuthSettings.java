package io.codexquarkus.config;

/**
 * {@code [auth]} (ours): where ChatGPT login and token refresh go. Upstream hard-codes these; they are settings here
 * so tests and enterprise gateways can point them elsewhere.
 *
 * @param issuer OAuth issuer, {@code https://auth.openai.com}
 * @param clientId OAuth client id registered for Codex
 * @param loginPort the local callback port (1455 is the one the issuer accepts)
 * @param refreshTokenUrl token endpoint for refreshes, by default {@code <issuer>/oauth/token}
 * @param loginTimeoutSeconds how long a started login waits for the browser
 */
public record AuthSettings(
        String issuer, String clientId, int loginPort, String refreshTokenUrl, long loginTimeoutSeconds) {}
