package io.codexquarkus.mcp.codextool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codexquarkus.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a {@link RequestState} into the opaque {@code requestState} string of an {@code input_required} result and
 * opens it again when the client's retry echoes it: {@code v1.<payload>.<mac>}, both parts base64url without padding,
 * the payload the state's JSON and the MAC an HMAC-SHA256 of {@code v1.<payload>} under a key drawn from {@link
 * SecureRandom} once per process. The client cannot read anything it may rely on, nor change anything unnoticed; a
 * state from another server process (another key) does not open.
 */
final class RequestStateCodec {
    private static final String VERSION = "v1";
    private static final String HMAC = "HmacSHA256";
    private static final int KEY_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    RequestStateCodec(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), HMAC);
        this.clock = clock;
    }

    /** The process's codec; its key is drawn at first use (at run time, never baked into an image). */
    static RequestStateCodec perProcess() {
        return PerProcess.CODEC;
    }

    private static final class PerProcess {
        static final RequestStateCodec CODEC = new RequestStateCodec(randomKey(), Clock.systemUTC());
    }

    static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** 128 random bits, base64url: a round's nonce. */
    static String nonce() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Now, by this codec's clock (epoch milliseconds). */
    long now() {
        return clock.millis();
    }

    /** Why an echoed state was refused; the messages are what the client is told. */
    enum Problem {
        MALFORMED("requestState is not one this server issued"),
        TAMPERED("requestState failed its integrity check (it was altered, or another server process issued it)"),
        EXPIRED("requestState has expired; the turn waiting for it was aborted"),
        OTHER_CALL("requestState belongs to a call with another tool name or other arguments; a retry must repeat the"
                + " name and arguments of the call it answers");

        private final String message;

        Problem(String message) {
            this.message = message;
        }

        String message() {
            return message;
        }
    }

    /** An echoed state that does not open. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        private final Problem problem;

        Rejected(Problem problem) {
            super(problem.message());
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }

    /** The opaque string for {@code state}. */
    String seal(RequestState state) {
        String payload =
                VERSION + "." + ENCODER.encodeToString(Json.write(state).getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    /**
     * Opens {@code token}, checking its MAC, its expiry and that it was issued for the call whose {@link #digest} is
     * {@code callDigest}.
     */
    RequestState open(String token, String callDigest) throws Rejected {
        int dot = token.lastIndexOf('.');
        if (!token.startsWith(VERSION + ".") || dot <= VERSION.length()) {
            throw new Rejected(Problem.MALFORMED);
        }
        String payload = token.substring(0, dot);
        byte[] mac;
        byte[] json;
        try {
            mac = DECODER.decode(token.substring(dot + 1));
            json = DECODER.decode(payload.substring(VERSION.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new Rejected(Problem.MALFORMED);
        }
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw new Rejected(Problem.TAMPERED);
        }
        RequestState state;
        try {
            state = Json.MAPPER.readValue(json, RequestState.class);
        } catch (java.io.IOException e) {
            // signed by this process, so this cannot happen short of a bug
            throw new Rejected(Problem.MALFORMED);
        }
        if (state.expiresAtMs() <= clock.millis()) {
            throw new Rejected(Problem.EXPIRED);
        }
        if (!MessageDigest.isEqual(
                state.callDigest().getBytes(StandardCharsets.UTF_8), callDigest.getBytes(StandardCharsets.UTF_8))) {
            throw new Rejected(Problem.OTHER_CALL);
        }
        return state;
    }

    private byte[] mac(String payload) {
        try {
            Mac hmac = Mac.getInstance(HMAC);
            hmac.init(key);
            return hmac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /**
     * SHA-256 (base64url) of a call's tool name and its arguments in canonical JSON (object keys sorted at every
     * depth), so a retry that sends the same arguments in another key order still matches.
     */
    static String digest(String toolName, JsonNode arguments) {
        String canonical;
        try {
            canonical = Json.MAPPER.writeValueAsString(canonical(arguments));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(toolName.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return ENCODER.encodeToString(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return Json.MAPPER.nullNode();
        }
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode sorted = Json.MAPPER.createObjectNode();
            for (String name : names) {
                sorted.set(name, canonical(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }
}
