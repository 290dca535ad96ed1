package io.codexquarkus.auth.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * auth.json as text: strict about the members Codex defines (a wrong type is an error, never a silent logout), lenient
 * about members it does not know, and written the way Codex writes it (2-space indent, {@code "key": value}).
 */
public final class AuthJsonCodec {
    static final String API_KEY = "OPENAI_API_KEY";
    static final String TOKENS = "tokens";
    static final String LAST_REFRESH = "last_refresh";
    private static final Set<String> KNOWN = Set.of(API_KEY, TOKENS, LAST_REFRESH);

    private static final ObjectWriter PRETTY = Json.MAPPER.writer(prettyPrinter());

    private AuthJsonCodec() {}

    /** Why a file could not be read, in one line (no path; the caller adds it). */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    public static AuthDotJson parse(byte[] bytes) throws MalformedException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new MalformedException(describe(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedException("the file is empty");
        }
        if (!root.isObject()) {
            throw new MalformedException("expected a JSON object, found " + kind(root));
        }
        Optional<String> apiKey = optionalString(root, API_KEY, API_KEY);
        Optional<TokenData> tokens = tokens(root.get(TOKENS));
        Optional<String> lastRefreshText = optionalString(root, LAST_REFRESH, LAST_REFRESH);
        Optional<Instant> lastRefresh =
                lastRefreshText.isPresent() ? Optional.of(timestamp(lastRefreshText.get())) : Optional.empty();
        Map<String, JsonNode> others = new LinkedHashMap<>();
        root.properties().forEach(e -> {
            if (!KNOWN.contains(e.getKey())) {
                others.put(e.getKey(), e.getValue());
            }
        });
        return new AuthDotJson(apiKey, tokens, lastRefresh, others);
    }

    /** Pretty JSON exactly as Codex writes auth.json (no trailing newline). */
    public static byte[] write(AuthDotJson auth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.set(API_KEY, auth.openaiApiKey().<JsonNode>map(f::textNode).orElse(f.nullNode()));
        auth.tokens().ifPresent(t -> {
            ObjectNode tokens = root.putObject(TOKENS);
            tokens.put("id_token", t.idToken());
            tokens.put("access_token", t.accessToken());
            tokens.put("refresh_token", t.refreshToken());
            tokens.set("account_id", t.accountId().<JsonNode>map(f::textNode).orElse(f.nullNode()));
        });
        auth.lastRefresh().ifPresent(at -> root.put(LAST_REFRESH, DateTimeFormatter.ISO_INSTANT.format(at)));
        auth.otherMembers().forEach(root::set);
        try {
            return PRETTY.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize auth.json", e);
        }
    }

    private static Optional<TokenData> tokens(JsonNode node) throws MalformedException {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new MalformedException("`tokens` must be an object, found " + kind(node));
        }
        String idToken = requiredString(node, "id_token");
        String accessToken = requiredString(node, "access_token");
        String refreshToken = requiredString(node, "refresh_token");
        Optional<String> accountId = optionalString(node, "account_id", "tokens.account_id");
        try {
            return Optional.of(TokenData.of(idToken, accessToken, refreshToken, accountId));
        } catch (IdTokenClaims.InvalidJwtException e) {
            throw new MalformedException("`tokens.id_token` is invalid: " + e.getMessage());
        }
    }

    private static String requiredString(JsonNode parent, String field) throws MalformedException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedException("`tokens." + field + "` is missing");
        }
        if (!value.isTextual()) {
            throw new MalformedException("`tokens." + field + "` must be a string, found " + kind(value));
        }
        return value.asText();
    }

    private static Optional<String> optionalString(JsonNode parent, String field, String label)
            throws MalformedException {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new MalformedException("`" + label + "` must be a string or null, found " + kind(value));
        }
        return Optional.of(value.asText());
    }

    private static Instant timestamp(String text) throws MalformedException {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedException("`last_refresh` is not an RFC 3339 timestamp: " + text);
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY, MISSING -> "nothing";
        };
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        String first =
                message == null ? "invalid JSON" : message.lines().findFirst().orElse("invalid JSON");
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            return "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + first;
        }
        return "invalid JSON: " + first;
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}
