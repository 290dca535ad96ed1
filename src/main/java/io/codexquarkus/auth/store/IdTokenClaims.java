package io.codexquarkus.auth.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The claims Codex reads from a ChatGPT id token. The signature is not checked: the token came from the issuer over
 * TLS and only says who the user is and which workspace the requests bill to, which the backend checks again anyway.
 *
 * @param email top-level {@code email}
 * @param planType {@code chatgpt_plan_type} of the {@code https://api.openai.com/auth} claim, verbatim
 * @param accountId {@code chatgpt_account_id}, stored as {@code tokens.account_id}
 * @param userId {@code chatgpt_user_id}, else {@code user_id}
 * @param organizationId {@code organization_id} (only used for the post-login redirect)
 * @param projectId {@code project_id} (only used for the post-login redirect)
 * @param completedPlatformOnboarding {@code completed_platform_onboarding}
 * @param orgOwner {@code is_org_owner}
 * @param expiresAt {@code exp}
 */
public record IdTokenClaims(
        Optional<String> email,
        Optional<String> planType,
        Optional<String> accountId,
        Optional<String> userId,
        Optional<String> organizationId,
        Optional<String> projectId,
        boolean completedPlatformOnboarding,
        boolean orgOwner,
        Optional<Instant> expiresAt) {
    /** The namespaced claim object that carries the ChatGPT account data. */
    public static final String AUTH_CLAIM = "https://api.openai.com/auth";

    /** Thrown when a string is not a JWT with a JSON object payload. */
    public static final class InvalidJwtException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidJwtException(String message) {
            super(message);
        }
    }

    /**
     * Reads the payload (the middle, base64url segment) of {@code jwt}.
     *
     * @throws InvalidJwtException when it is not three non-empty segments with a JSON object in the middle
     */
    public static IdTokenClaims parse(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new InvalidJwtException("not a JWT (expected three dot-separated segments)");
        }
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(stripPadding(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new InvalidJwtException("JWT payload is not base64url");
        }
        JsonNode claims;
        try {
            claims = Json.MAPPER.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new InvalidJwtException("JWT payload is not JSON");
        }
        if (claims == null || !claims.isObject()) {
            throw new InvalidJwtException("JWT payload is not a JSON object");
        }
        JsonNode auth = claims.path(AUTH_CLAIM);
        Optional<String> userId = text(auth, "chatgpt_user_id").or(() -> text(auth, "user_id"));
        JsonNode exp = claims.path("exp");
        Optional<Instant> expiresAt =
                exp.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        return new IdTokenClaims(
                text(claims, "email"),
                text(auth, "chatgpt_plan_type"),
                text(auth, "chatgpt_account_id"),
                userId,
                text(auth, "organization_id"),
                text(auth, "project_id"),
                auth.path("completed_platform_onboarding").asBoolean(false),
                auth.path("is_org_owner").asBoolean(false),
                expiresAt);
    }

    private static String stripPadding(String segment) {
        int end = segment.length();
        while (end > 0 && segment.charAt(end - 1) == '=') {
            end--;
        }
        return segment.substring(0, end);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
