package io.codexquarkus.model.client;

import io.codexquarkus.config.ModelProviderInfo;
import io.codexquarkus.config.WireApi;
import io.codexquarkus.model.protocol.ModelError;
import io.codexquarkus.model.protocol.ModelRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Where a request goes and which headers it carries: the provider's base URL (or the OpenAI/ChatGPT default), its query parameters, and the
 * provider, credential and client-identity headers. */
final class Endpoints {
    static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    static final String CHATGPT_BASE_URL = "https://chatgpt.com/backend-api/codex";

    private static final List<String> AZURE_MARKERS =
            List.of("openai.azure.", "cognitiveservices.azure.", "aoai.azure.", "azure-api.", "azurefd.");

    private Endpoints() {}

    /** The provider's base URL, or the default for the credential when it has none. */
    static String baseUrl(ModelProviderInfo provider, ResolvedAuth auth) {
        return provider.baseUrl()
                .filter(url -> !url.isBlank())
                .orElse(auth.chatGpt() ? CHATGPT_BASE_URL : OPENAI_BASE_URL);
    }

    /** {@code <base_url>/responses?k=v&…} or {@code <base_url>/chat/completions?…}; query values are not escaped. */
    static String url(ModelProviderInfo provider, ResolvedAuth auth) {
        String base = baseUrl(provider, auth);
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringBuilder url = new StringBuilder(base)
                .append(provider.wireApi() == WireApi.RESPONSES ? "/responses" : "/chat/completions");
        if (!provider.queryParams().isEmpty()) {
            char separator = '?';
            for (Map.Entry<String, String> param : provider.queryParams().entrySet()) {
                url.append(separator).append(param.getKey()).append('=').append(param.getValue());
                separator = '&';
            }
        }
        String result = url.toString();
        try {
            URI uri = URI.create(result);
            if (uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFailureException(
                    ModelError.Kind.OTHER,
                    "invalid base_url for model provider `" + provider.id() + "`: " + result + " (" + e.getMessage()
                            + ")");
        }
        return result;
    }

    /** Azure needs {@code store: true} and item ids (Azure's Responses endpoint rejects references to items it did not store). Only the Responses wire has the workaround. */
    static boolean isAzure(ModelProviderInfo provider) {
        if (provider.wireApi() != WireApi.RESPONSES) {
            return false;
        }
        if (provider.name().equalsIgnoreCase("azure")) {
            return true;
        }
        String base = provider.baseUrl().orElse("").toLowerCase(Locale.ROOT);
        return AZURE_MARKERS.stream().anyMatch(base::contains);
    }

    static HttpCall call(ModelRequest request, ResolvedAuth auth, String platform, UnaryOperator<String> env) {
        ModelProviderInfo provider = request.provider();
        Headers headers = new Headers();
        auth.bearer().ifPresent(token -> headers.set("Authorization", "Bearer " + token));
        headers.set("originator", request.identity().originator());
        headers.set("User-Agent", UserAgent.header(request.identity(), platform));
        if (provider.wireApi() == WireApi.RESPONSES) {
            headers.set("OpenAI-Beta", "responses=experimental");
            headers.set("conversation_id", request.conversationId());
            headers.set("session_id", request.conversationId());
        }
        headers.set("Accept", "text/event-stream");
        auth.accountId().ifPresent(id -> headers.set("chatgpt-account-id", id));
        provider.httpHeaders().forEach(headers::set);
        provider.envHttpHeaders().forEach((header, variable) -> {
            String value = env.apply(variable);
            if (value != null && !value.isBlank()) {
                headers.set(header, value);
            }
        });
        return new HttpCall(url(provider, auth), headers.entries);
    }

    /** Ordered headers where a later value replaces an earlier one of the same name (any case). */
    private static final class Headers {
        private final List<Map.Entry<String, String>> entries = new ArrayList<>();

        void set(String name, String value) {
            entries.removeIf(e -> e.getKey().equalsIgnoreCase(name));
            entries.add(Map.entry(name, UserAgent.sanitize(value)));
        }
    }
}
