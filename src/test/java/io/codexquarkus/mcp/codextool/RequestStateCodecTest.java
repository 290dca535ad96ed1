package io.codexquarkus.mcp.codextool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexquarkus.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sealed {@code requestState}: what opens, and each way a state is refused. */
class RequestStateCodecTest {
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
    private static final byte[] KEY = RequestStateCodec.randomKey();
    private static final JsonNode ARGS = Json.parse(
            "{\"prompt\":\"run `git init`\",\"cwd\":\"/w\",\"config\":{\"b\":1,\"a\":[1,{\"y\":2,\"x\":3}]}}");
    private static final String DIGEST = RequestStateCodec.digest("codex", ARGS);

    private static RequestStateCodec codecAt(Instant now, byte[] key) {
        return new RequestStateCodec(key, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static RequestState state(long expiresAt) {
        return new RequestState(
                "thread-1", "7", List.of("codex_approval_3", "codex_approval_4"), expiresAt, DIGEST, "n0nce");
    }

    private static RequestStateCodec.Problem problem(RequestStateCodec codec, String token, String digest) {
        try {
            codec.open(token, digest);
        } catch (RequestStateCodec.Rejected e) {
            return e.problem();
        }
        throw new AssertionError("opened: " + token);
    }

    @Test
    void aSealedStateOpensAsItWasAndSaysNothingReadableAboutTheKey() throws Exception {
        RequestStateCodec codec = codecAt(NOW, KEY);
        RequestState state = state(NOW.toEpochMilli() + 60_000);
        String token = codec.seal(state);
        assertThat(token).startsWith("v1.").matches("v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(codec.open(token, DIGEST)).isEqualTo(state);
        assertThat(codecAt(NOW.plusSeconds(59), KEY).open(token, DIGEST)).isEqualTo(state);
    }

    @Test
    void anAlteredPayloadOrMacIsTampered() {
        RequestStateCodec codec = codecAt(NOW, KEY);
        String token = codec.seal(state(NOW.toEpochMilli() + 60_000));
        int dot = token.lastIndexOf('.');
        // the client lengthens its deadline, keeping the MAC
        RequestState longer = state(NOW.toEpochMilli() + 3_600_000);
        String forged = "v1."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(Json.write(longer).getBytes(StandardCharsets.UTF_8))
                + token.substring(dot);
        assertThat(problem(codec, forged, DIGEST)).isEqualTo(RequestStateCodec.Problem.TAMPERED);
        char last = token.charAt(token.length() - 2);
        String badMac =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertThat(problem(codec, badMac, DIGEST)).isEqualTo(RequestStateCodec.Problem.TAMPERED);
    }

    @Test
    void aStateFromAnotherProcessDoesNotOpen() {
        String token = codecAt(NOW, KEY).seal(state(NOW.toEpochMilli() + 60_000));
        assertThat(problem(codecAt(NOW, RequestStateCodec.randomKey()), token, DIGEST))
                .isEqualTo(RequestStateCodec.Problem.TAMPERED);
    }

    @Test
    void anExpiredStateIsRefusedFromItsExpiryOn() {
        String token = codecAt(NOW, KEY).seal(state(NOW.toEpochMilli() + 60_000));
        assertThat(problem(codecAt(NOW.plusSeconds(60), KEY), token, DIGEST))
                .isEqualTo(RequestStateCodec.Problem.EXPIRED);
    }

    @Test
    void aStateIsBoundToTheToolNameAndArguments() {
        RequestStateCodec codec = codecAt(NOW, KEY);
        String token = codec.seal(state(NOW.toEpochMilli() + 60_000));
        JsonNode other = Json.parse(
                "{\"prompt\":\"run `rm -rf /`\",\"cwd\":\"/w\",\"config\":{\"b\":1,\"a\":[1,{\"y\":2,\"x\":3}]}}");
        assertThat(problem(codec, token, RequestStateCodec.digest("codex", other)))
                .isEqualTo(RequestStateCodec.Problem.OTHER_CALL);
        assertThat(problem(codec, token, RequestStateCodec.digest("codex-reply", ARGS)))
                .isEqualTo(RequestStateCodec.Problem.OTHER_CALL);
    }

    @Test
    void theDigestIgnoresKeyOrderButNotValues() {
        JsonNode reordered = Json.parse(
                "{\"config\":{\"a\":[1,{\"x\":3,\"y\":2}],\"b\":1},\"cwd\":\"/w\",\"prompt\":\"run `git init`\"}");
        assertThat(RequestStateCodec.digest("codex", reordered)).isEqualTo(DIGEST);
        JsonNode arrayOrder = Json.parse(
                "{\"config\":{\"a\":[{\"x\":3,\"y\":2},1],\"b\":1},\"cwd\":\"/w\",\"prompt\":\"run `git init`\"}");
        assertThat(RequestStateCodec.digest("codex", arrayOrder)).isNotEqualTo(DIGEST);
        assertThat(RequestStateCodec.digest("codex", null))
                .isEqualTo(RequestStateCodec.digest("codex", Json.parse("null")));
    }

    @Test
    void somethingThisServerNeverIssuedIsMalformed() {
        RequestStateCodec codec = codecAt(NOW, KEY);
        for (String token : List.of("", "turn-1", "v1.", "v1.abc", "v2.abc.def", "v1.***.def", "v1.abc.***")) {
            assertThat(problem(codec, token, DIGEST)).as(token).isEqualTo(RequestStateCodec.Problem.MALFORMED);
        }
        assertThatThrownBy(() -> codec.open("v1.e30.AAAA", DIGEST))
                .isInstanceOf(RequestStateCodec.Rejected.class)
                .hasMessageContaining("integrity");
    }
}
