package io.codexquarkus.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.config.ReasoningSummary;
import io.codexquarkus.config.WireApi;
import io.codexquarkus.model.protocol.ClientIdentity;
import io.codexquarkus.model.protocol.ModelRequest;
import io.codexquarkus.model.protocol.Prompt;
import io.codexquarkus.model.protocol.ResponseEvent;
import io.codexquarkus.model.protocol.ResponseItem;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Providers, requests, client options and event collection for model client tests. */
public final class ModelFixtures {
    public static final String PLATFORM = "(TestOS 1.0.0; x86_64) test-terminal";
    public static final String CONVERSATION = "0199a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b";
    public static final String API_KEY = "sk-test-key";

    private ModelFixtures() {}

    /** A mutable description of a provider, turned into {@link ModelProviderInfo} by {@link #build()}. */
    public static final class Provider {
        public String id = "test";
        public String name = "Test Provider";
        public Optional<String> baseUrl;
        public Optional<String> envKey = Optional.of("TEST_API_KEY");
        public Optional<String> envKeyInstructions = Optional.empty();
        public WireApi wireApi = WireApi.RESPONSES;
        public Map<String, String> queryParams = new LinkedHashMap<>();
        public Map<String, String> httpHeaders = new LinkedHashMap<>();
        public Map<String, String> envHttpHeaders = new LinkedHashMap<>();
        public long requestMaxRetries = 2;
        public long streamMaxRetries = 2;
        public long streamIdleTimeoutMs = 10_000;
        public long requestMaxRetryDelayMs = ModelProviderInfo.DEFAULT_REQUEST_MAX_RETRY_DELAY_MS;
        public boolean requiresOpenaiAuth;
        public Optional<String> bearerToken = Optional.empty();

        Provider(String baseUrl) {
            this.baseUrl = Optional.ofNullable(baseUrl);
        }

        public Provider chat() {
            wireApi = WireApi.CHAT;
            return this;
        }

        public ModelProviderInfo build() {
            return new ModelProviderInfo(
                    id,
                    name,
                    baseUrl,
                    envKey,
                    envKeyInstructions,
                    wireApi,
                    queryParams,
                    httpHeaders,
                    envHttpHeaders,
                    requestMaxRetries,
                    streamMaxRetries,
                    streamIdleTimeoutMs,
                    requestMaxRetryDelayMs,
                    requiresOpenaiAuth,
                    bearerToken);
        }
    }

    public static Provider provider(String baseUrl) {
        return new Provider(baseUrl);
    }

    public static ClientIdentity identity() {
        return new ClientIdentity(ClientIdentity.DEFAULT_ORIGINATOR, "0.1.0", Optional.empty());
    }

    public static Prompt prompt(String userText) {
        return new Prompt(
                "You are a test assistant.",
                List.of(ResponseItem.Message.user(userText)),
                List.of(),
                false,
                Optional.empty());
    }

    public static ModelRequest request(ModelProviderInfo provider, String model, Prompt prompt) {
        return new ModelRequest(
                provider,
                model,
                CONVERSATION,
                Optional.empty(),
                ReasoningSummary.AUTO,
                Optional.empty(),
                identity(),
                prompt);
    }

    /** Options for tests: a fixed environment, no jitter, a fixed platform, the given sleeper. */
    public static ModelClientOptions options(Map<String, String> env, Sleeper sleeper) {
        return ModelClientOptions.defaults()
                .withEnvironment(env::get)
                .withSleeper(sleeper)
                .withJitter(() -> 1.0)
                .withPlatform(PLATFORM)
                .withConnectTimeout(Duration.ofSeconds(5));
    }

    public static Map<String, String> env() {
        return Map.of("TEST_API_KEY", API_KEY);
    }

    public static List<ResponseEvent> collect(Multi<ResponseEvent> events) {
        List<ResponseEvent> all = events.collect().asList().await().atMost(Duration.ofSeconds(30));
        long terminal = all.stream()
                .filter(e -> e instanceof ResponseEvent.Completed || e instanceof ResponseEvent.Failed)
                .count();
        assertThat(terminal).as("exactly one Completed or Failed in %s", all).isEqualTo(1);
        assertThat(all.getLast())
                .as("the terminal event comes last")
                .isInstanceOfAny(ResponseEvent.Completed.class, ResponseEvent.Failed.class);
        return all;
    }

    /** The only {@code Failed} of a stream. */
    public static ResponseEvent.Failed failed(List<ResponseEvent> events) {
        assertThat(events.getLast()).isInstanceOf(ResponseEvent.Failed.class);
        return (ResponseEvent.Failed) events.getLast();
    }
}
