package io.codexquarkus.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code [model_providers.<id>]} entry, or a built-in provider ({@code openai}, {@code oss}), with Codex's
 * defaults applied.
 *
 * @param baseUrl absent means: ChatGPT backend when the credential is a ChatGPT login, else {@code
 *     https://api.openai.com/v1}
 * @param envKey environment variable holding the API key
 * @param requestMaxRetryDelayMs cap of every wait before a retry ({@code Retry-After}, backoff), in ms
 * @param requiresOpenaiAuth the provider takes the Codex login (auth.json, {@code OPENAI_API_KEY}) instead of envKey
 */
public record ModelProviderInfo(
        String id,
        String name,
        Optional<String> baseUrl,
        Optional<String> envKey,
        Optional<String> envKeyInstructions,
        WireApi wireApi,
        Map<String, String> queryParams,
        Map<String, String> httpHeaders,
        Map<String, String> envHttpHeaders,
        long requestMaxRetries,
        long streamMaxRetries,
        long streamIdleTimeoutMs,
        long requestMaxRetryDelayMs,
        boolean requiresOpenaiAuth,
        Optional<String> experimentalBearerToken) {
    public static final long DEFAULT_REQUEST_MAX_RETRIES = 4;
    public static final long DEFAULT_STREAM_MAX_RETRIES = 5;
    public static final long DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;
    /** The longest wait before a retry, whatever {@code Retry-After} or the backoff say. */
    public static final long DEFAULT_REQUEST_MAX_RETRY_DELAY_MS = 60_000;
    /** Codex caps both retry counts. */
    public static final long MAX_RETRIES_CAP = 100;

    public ModelProviderInfo {
        queryParams = ordered(queryParams);
        httpHeaders = ordered(httpHeaders);
        envHttpHeaders = ordered(envHttpHeaders);
        requestMaxRetries = Math.min(requestMaxRetries, MAX_RETRIES_CAP);
        streamMaxRetries = Math.min(streamMaxRetries, MAX_RETRIES_CAP);
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
