package io.codexquarkus.model.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.codexquarkus.common.CodexException;
import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.config.WireApi;
import io.codexquarkus.model.ModelFixtures;
import io.codexquarkus.model.auth.AuthProvider;
import io.codexquarkus.model.auth.ModelAuth;
import io.codexquarkus.model.protocol.ModelError;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Credential selection, default base URLs, endpoint URLs and the Azure test. */
class CredentialsAndEndpointsTest {
    private static AuthProvider login(ModelAuth auth) {
        return new AuthProvider() {
            @Override
            public Optional<ModelAuth> current() {
                return Optional.ofNullable(auth);
            }

            @Override
            public Optional<ModelAuth> refreshAfterUnauthorized() {
                return Optional.empty();
            }
        };
    }

    private static ModelProviderInfo openai() {
        ModelFixtures.Provider p = ModelFixtures.provider(null);
        p.id = "openai";
        p.name = "OpenAI";
        p.envKey = Optional.empty();
        p.requiresOpenaiAuth = true;
        return p.build();
    }

    @Test
    void envKeyWins() {
        Credentials credentials = new Credentials(
                login(new ModelAuth.ChatGpt("token", Optional.empty())), Map.of("TEST_API_KEY", "sk-env")::get);
        ResolvedAuth auth =
                credentials.resolve(ModelFixtures.provider("http://x/v1").build());
        assertThat(auth).isEqualTo(ResolvedAuth.apiKey("sk-env"));
    }

    @Test
    void aMissingOrBlankKeyFailsWithTheInstructions() {
        ModelFixtures.Provider p = ModelFixtures.provider("http://x/v1");
        p.envKey = Optional.of("FOO_API_KEY");
        p.envKeyInstructions = Optional.of("Get one at https://foo.example.");
        Credentials credentials =
                new Credentials(login(new ModelAuth.ApiKey("sk-login")), Map.of("FOO_API_KEY", "  ")::get);

        assertThatThrownBy(() -> credentials.resolve(p.build()))
                .isInstanceOfSatisfying(
                        ModelFailureException.class,
                        e -> assertThat(e.error())
                                .isEqualTo(
                                        ModelError.of(
                                                ModelError.Kind.MISSING_CREDENTIALS,
                                                "Missing environment variable: `FOO_API_KEY`. Get one at https://foo.example.")));
    }

    @Test
    void theLoginIsUsedOnlyByProvidersThatAskForIt() {
        Credentials credentials = new Credentials(
                login(new ModelAuth.ChatGpt("access", Optional.of("acct"))), Map.<String, String>of()::get);

        ResolvedAuth chatGpt = credentials.resolve(openai());
        assertThat(chatGpt).isEqualTo(new ResolvedAuth(Optional.of("access"), Optional.of("acct"), true, true));
        assertThat(Endpoints.url(openai(), chatGpt)).isEqualTo("https://chatgpt.com/backend-api/codex/responses");

        ModelFixtures.Provider local =
                ModelFixtures.provider("http://localhost:11434/v1").chat();
        local.envKey = Optional.empty();
        assertThat(credentials.resolve(local.build())).isEqualTo(ResolvedAuth.NONE);

        ModelFixtures.Provider keyed = ModelFixtures.provider("http://x/v1");
        keyed.envKey = Optional.of("X_KEY");
        assertThatThrownBy(() -> credentials.resolve(keyed.build())).isInstanceOf(ModelFailureException.class);
        keyed.requiresOpenaiAuth = true;
        assertThat(credentials.resolve(keyed.build()).bearer()).contains("access");
    }

    @Test
    void anApiKeyLoginGoesToTheOpenAiApi() {
        Credentials credentials =
                new Credentials(login(new ModelAuth.ApiKey("sk-login")), Map.<String, String>of()::get);
        ResolvedAuth auth = credentials.resolve(openai());
        assertThat(auth.bearer()).contains("sk-login");
        assertThat(Endpoints.url(openai(), auth)).isEqualTo("https://api.openai.com/v1/responses");
    }

    @Test
    void noLoginAtAllIsAClearFailure() {
        Credentials credentials = new Credentials(AuthProvider.none(), Map.<String, String>of()::get);
        assertThatThrownBy(() -> credentials.resolve(openai()))
                .isInstanceOfSatisfying(ModelFailureException.class, e -> {
                    assertThat(e.error().kind()).isEqualTo(ModelError.Kind.MISSING_CREDENTIALS);
                    assertThat(e.error().message()).startsWith("Not signed in to OpenAI: set OPENAI_API_KEY");
                });
    }

    @Test
    void experimentalBearerTokenAndLoginErrors() {
        ModelFixtures.Provider p = ModelFixtures.provider("http://x/v1");
        p.envKey = Optional.empty();
        p.bearerToken = Optional.of("literal-token");
        assertThat(new Credentials(AuthProvider.none(), Map.<String, String>of()::get)
                        .resolve(p.build())
                        .bearer())
                .contains("literal-token");

        AuthProvider broken = new AuthProvider() {
            @Override
            public Optional<ModelAuth> current() {
                throw new CodexException(2, "auth.json is not valid JSON");
            }

            @Override
            public Optional<ModelAuth> refreshAfterUnauthorized() {
                return Optional.empty();
            }
        };
        assertThatThrownBy(() -> new Credentials(broken, Map.<String, String>of()::get).resolve(openai()))
                .hasMessage("auth.json is not valid JSON");
    }

    @Test
    void endpointUrls() {
        ModelFixtures.Provider p = ModelFixtures.provider("https://example.test/api/v1/");
        p.queryParams.put("api-version", "2025-04-01-preview");
        p.queryParams.put("b", "2");
        assertThat(Endpoints.url(p.build(), ResolvedAuth.NONE))
                .isEqualTo("https://example.test/api/v1/responses?api-version=2025-04-01-preview&b=2");
        assertThat(Endpoints.url(p.chat().build(), ResolvedAuth.NONE))
                .isEqualTo("https://example.test/api/v1/chat/completions?api-version=2025-04-01-preview&b=2");

        assertThatThrownBy(
                        () -> Endpoints.url(ModelFixtures.provider("not a url").build(), ResolvedAuth.NONE))
                .isInstanceOfSatisfying(
                        ModelFailureException.class,
                        e -> assertThat(e.getMessage())
                                .startsWith("invalid base_url for model provider `test`: not a url/responses"));
    }

    @Test
    void azureIsRecognisedByNameOrHost() {
        ModelFixtures.Provider byName = ModelFixtures.provider("https://proxy.example/v1");
        byName.name = "AZURE";
        assertThat(Endpoints.isAzure(byName.build())).isTrue();
        for (String url : new String[] {
            "https://x.openai.azure.com/openai",
            "https://x.cognitiveservices.azure.com/openai",
            "https://x.aoai.azure.com",
            "https://x.azure-api.net/v1",
            "https://x.azurefd.net"
        }) {
            assertThat(Endpoints.isAzure(ModelFixtures.provider(url).build()))
                    .as(url)
                    .isTrue();
        }
        assertThat(Endpoints.isAzure(
                        ModelFixtures.provider("https://api.openai.com/v1").build()))
                .isFalse();
        ModelFixtures.Provider chat = ModelFixtures.provider("https://x.openai.azure.com/openai");
        chat.wireApi = WireApi.CHAT;
        assertThat(Endpoints.isAzure(chat.build()))
                .as("the workaround is Responses-only")
                .isFalse();
    }
}
