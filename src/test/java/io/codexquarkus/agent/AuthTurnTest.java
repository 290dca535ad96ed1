package io.codexquarkus.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.codexquarkus.agent.protocol.Event;
import io.codexquarkus.agent.protocol.EventMsg;
import io.codexquarkus.agent.protocol.InputItem;
import io.codexquarkus.agent.protocol.Op;
import io.codexquarkus.config.CodexConfig;
import io.codexquarkus.config.CodexHome;
import io.codexquarkus.config.ConfigLoader;
import io.codexquarkus.config.ConfigRequest;
import io.codexquarkus.model.Sse;
import io.codexquarkus.testing.MockModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a turn through the real runtime carries the credential of auth.json: an API key as bearer, or a ChatGPT
 * login's access token plus {@code chatgpt-account-id}; {@code preferred_auth_method} picks between both.
 */
class AuthTurnTest {
    @TempDir
    Path home;

    @TempDir
    Path work;

    private MockModel server;

    @BeforeEach
    void start() {
        server = MockModel.start(new MockModel.Sse(Sse.textAnswer("r1", "ok")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MockModel.Request turn(String preferred) throws Exception {
        Files.writeString(home.resolve("config.toml"), """
                model = "mock-model"
                model_provider = "login"
                preferred_auth_method = "%s"
                [model_providers.login]
                name = "login"
                base_url = "%s"
                wire_api = "responses"
                requires_openai_auth = true
                request_max_retries = 0
                stream_max_retries = 0
                """.formatted(preferred, server.baseUrl()));
        CodexConfig config = ConfigLoader.load(
                        new ConfigRequest(new CodexHome(home), work, Optional.empty(), List.of(), Map.of()))
                .config();
        try (AgentRuntime runtime = AgentRuntime.create(config, "codex_exec", Map.of("PATH", "/usr/bin:/bin"))) {
            Codex codex = new ConversationManager(runtime.services())
                    .newConversation(config)
                    .codex();
            codex.submit(new Op.UserInput(List.of(new InputItem.Text("hi"))));
            while (true) {
                Event event =
                        AgentHarness.events(codex).next(Duration.ofSeconds(15)).orElseThrow();
                if (event.msg() instanceof EventMsg.ErrorEvent error) {
                    throw new AssertionError(error.message());
                }
                if (event.msg() instanceof EventMsg.TaskComplete) {
                    break;
                }
            }
            codex.shutdown(Duration.ofSeconds(5));
        }
        List<MockModel.Request> requests = server.requests();
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    private void writeAuth(String apiKey, boolean chatgpt) throws Exception {
        String payload = "{\"email\":\"dev@example.com\",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":"
                + "\"acc-123\",\"chatgpt_plan_type\":\"plus\"}}";
        String jwt = base64("{\"alg\":\"none\"}") + "." + base64(payload) + ".sig";
        String tokens = chatgpt
                ? ",\"tokens\":{\"id_token\":\"" + jwt + "\",\"access_token\":\"at-chatgpt\",\"refresh_token\":"
                        + "\"rt-1\",\"account_id\":\"acc-123\"},\"last_refresh\":\"" + Instant.now() + "\""
                : "";
        Files.writeString(
                home.resolve("auth.json"),
                "{\"OPENAI_API_KEY\":" + (apiKey == null ? "null" : "\"" + apiKey + "\"") + tokens + "}");
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void apiKeyLoginIsSentAsBearer() throws Exception {
        writeAuth("sk-test-123", false);
        MockModel.Request request = turn("chatgpt");
        assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(request.header("chatgpt-account-id")).isNull();
    }

    @Test
    void chatGptLoginSendsTheAccessTokenAndAccount() throws Exception {
        writeAuth(null, true);
        MockModel.Request request = turn("chatgpt");
        assertThat(request.header("Authorization")).isEqualTo("Bearer at-chatgpt");
        assertThat(request.header("chatgpt-account-id")).isEqualTo("acc-123");
    }

    @Test
    void preferredAuthMethodPicksBetweenBoth() throws Exception {
        writeAuth("sk-both", true);
        assertThat(turn("apikey").header("Authorization")).isEqualTo("Bearer sk-both");
        server.always(new MockModel.Sse(Sse.textAnswer("r1", "ok")));
        assertThat(turn("chatgpt").header("Authorization")).isEqualTo("Bearer at-chatgpt");
    }
}
